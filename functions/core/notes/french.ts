/**
 * French for the notes: dates ("15 mai 2024", "1er mai 2024"), ordinals in words, the spacing of
 * French punctuation, and the article that goes with each State's name.
 *
 * The State name rule. French puts an article before most State names, and "de" contracts with
 * it: "de la France", "du Kenya", "des Philippines", "de l'Algérie", but "de Cuba", "d'Haïti".
 * Which article a name takes cannot be derived from its spelling (le Mexique but la Suisse;
 * l'Iraq but Israël; h aspiré in le Honduras), so:
 *
 * 1. names in the table below take the article listed there, as in UN French usage;
 * 2. a name not in the table whose head is a descriptive noun takes that noun's article:
 *    République, Fédération, Principauté (la), Royaume (le), État (l'), États, Émirats, Îles (les);
 * 3. any other name gets a neutral construction that is correct whatever the name's gender and
 *    number: "l'État (Ruritanie)" / "de l'État (Ruritanie)". The note is then flagged (`known`
 *    is false) so that the name can be added to the table; a guessed article would be wrong in
 *    a diplomatic note more often than this reads oddly.
 *
 * Short names with the descriptive part in brackets are read in natural order first:
 * "Pays-Bas (Royaume des)" becomes "du Royaume des Pays-Bas", "Bolivie (État plurinational de)"
 * "de l'État plurinational de Bolivie".
 *
 * The table covers every State in data/states.csv (a test checks it). Least certain in UN usage:
 * Cabo Verde, Kiribati and Nauru (taken without article), les Tonga.
 */
import { dateParts, type Grammar, naturalOrder, type StateInText } from './grammar.ts';

type Article = 'le' | 'la' | "l'" | 'les' | 'none' | 'none-elided';

const articles: Readonly<Record<Article, readonly string[]>> = {
  "l'": [
    'Afghanistan',
    'Afrique du Sud',
    'Albanie',
    'Algérie',
    'Allemagne',
    'Andorre',
    'Angola',
    'Arabie saoudite',
    'Argentine',
    'Arménie',
    'Australie',
    'Autriche',
    'Azerbaïdjan',
    'Égypte',
    'Équateur',
    'Érythrée',
    'Espagne',
    'Estonie',
    'Eswatini',
    'Éthiopie',
    'Inde',
    'Indonésie',
    'Iraq',
    'Irlande',
    'Islande',
    'Italie',
    'Ouganda',
    'Ouzbékistan',
    'Ukraine',
    'Uruguay',
  ],
  le: [
    'Bangladesh',
    'Bélarus',
    'Belize',
    'Bénin',
    'Bhoutan',
    'Botswana',
    'Brésil',
    'Brunéi Darussalam',
    'Burkina Faso',
    'Burundi',
    'Cambodge',
    'Cameroun',
    'Canada',
    'Chili',
    'Congo',
    'Costa Rica',
    'Danemark',
    'Gabon',
    'Ghana',
    'Guatemala',
    'Guyana',
    'Honduras',
    'Japon',
    'Kazakhstan',
    'Kenya',
    'Kirghizistan',
    'Koweït',
    'Lesotho',
    'Liban',
    'Libéria',
    'Liechtenstein',
    'Luxembourg',
    'Malawi',
    'Mali',
    'Maroc',
    'Mexique',
    'Monténégro',
    'Mozambique',
    'Myanmar',
    'Népal',
    'Nicaragua',
    'Niger',
    'Nigéria',
    'Pakistan',
    'Panama',
    'Paraguay',
    'Pérou',
    'Portugal',
    'Qatar',
    'Rwanda',
    'Saint-Siège',
    'Samoa',
    'Sénégal',
    'Soudan',
    'Soudan du Sud',
    'Suriname',
    'Tadjikistan',
    'Tchad',
    'Timor-Leste',
    'Togo',
    'Turkménistan',
    'Vanuatu',
    'Viet Nam',
    'Yémen',
    'Zimbabwe',
  ],
  la: [
    'Barbade',
    'Belgique',
    'Bosnie-Herzégovine',
    'Bulgarie',
    'Chine',
    'Colombie',
    "Côte d'Ivoire",
    'Croatie',
    'Dominique',
    'Finlande',
    'France',
    'Gambie',
    'Géorgie',
    'Grèce',
    'Grenade',
    'Guinée',
    'Guinée équatoriale',
    'Guinée-Bissau',
    'Hongrie',
    'Jamaïque',
    'Jordanie',
    'Lettonie',
    'Libye',
    'Lituanie',
    'Macédoine du Nord',
    'Malaisie',
    'Mauritanie',
    'Mongolie',
    'Namibie',
    'Norvège',
    'Nouvelle-Zélande',
    'Papouasie-Nouvelle-Guinée',
    'Pologne',
    'Roumanie',
    'Serbie',
    'Sierra Leone',
    'Slovaquie',
    'Slovénie',
    'Somalie',
    'Suède',
    'Suisse',
    'Tchéquie',
    'Thaïlande',
    'Trinité-et-Tobago',
    'Tunisie',
    'Türkiye',
    'Zambie',
  ],
  les: ['Bahamas', 'Comores', 'Fidji', 'Maldives', 'Palaos', 'Philippines', 'Seychelles', 'Tonga', 'Tuvalu'],
  none: [
    'Bahreïn',
    'Cabo Verde',
    'Chypre',
    'Cuba',
    'Djibouti',
    'Kiribati',
    'Madagascar',
    'Malte',
    'Maurice',
    'Monaco',
    'Nauru',
    'Nioué',
    'Saint-Kitts-et-Nevis',
    'Saint-Marin',
    'Saint-Vincent-et-les Grenadines',
    'Sainte-Lucie',
    'Sao Tomé-et-Principe',
    'Singapour',
    'Sri Lanka',
  ],
  // Without article, before a vowel or a mute h: "d'Haïti".
  'none-elided': ['Antigua-et-Barbuda', 'El Salvador', 'Haïti', 'Israël', 'Oman'],
};

const articleOfName: ReadonlyMap<string, Article> = new Map(
  Object.entries(articles).flatMap(([article, names]) => names.map((name) => [name, article as Article] as const)),
);

const articleOfHead: readonly (readonly [RegExp, Article])[] = [
  [/^(?:République|Fédération|Principauté)\b/, 'la'],
  [/^Royaume\b/, 'le'],
  [/^État\s/, "l'"],
  [/^(?:États|Émirats|Îles)[\s-]/, 'les'],
];

function articleOf(name: string): Article | undefined {
  return articleOfName.get(name) ?? articleOfHead.find(([head]) => head.test(name))?.[1];
}

const withArticle: Readonly<Record<Article, (name: string) => StateInText>> = {
  le: (name) => ({ state: `le ${name}`, ofState: `du ${name}`, known: true }),
  la: (name) => ({ state: `la ${name}`, ofState: `de la ${name}`, known: true }),
  "l'": (name) => ({ state: `l'${name}`, ofState: `de l'${name}`, known: true }),
  les: (name) => ({ state: `les ${name}`, ofState: `des ${name}`, known: true }),
  none: (name) => ({ state: name, ofState: `de ${name}`, known: true }),
  'none-elided': (name) => ({ state: name, ofState: `d'${name}`, known: true }),
};

function inText(name: string): StateInText {
  const natural = naturalOrder(name, /(?:\b(?:de|du|des)|\bd')$/);
  const article = articleOf(natural);
  if (article !== undefined) return withArticle[article](natural);
  return { state: `l'État (${name})`, ofState: `de l'État (${name})`, known: false };
}

const units = [
  '',
  'un',
  'deux',
  'trois',
  'quatre',
  'cinq',
  'six',
  'sept',
  'huit',
  'neuf',
  'dix',
  'onze',
  'douze',
  'treize',
  'quatorze',
  'quinze',
  'seize',
  'dix-sept',
  'dix-huit',
  'dix-neuf',
];
const tens = ['', '', 'vingt', 'trente', 'quarante', 'cinquante', 'soixante', 'soixante', 'quatre-vingt', 'quatre-vingt'];

/** Cardinal numbers in words, traditional spelling (as in UN French: "soixante et onze", "quatre-vingt-un"). */
function cardinal(n: number): string {
  if (n >= 100) return n === 100 ? 'cent' : `cent ${cardinal(n - 100)}`;
  if (n < 20) return units[n] ?? '';
  const ten = Math.floor(n / 10);
  // 70-79 and 90-99 count on from soixante and quatre-vingt: soixante-dix, quatre-vingt-onze.
  const rest = ten === 7 || ten === 9 ? n - (ten - 1) * 10 : n % 10;
  const base = tens[ten] ?? '';
  if (rest === 0) return ten === 8 ? 'quatre-vingts' : base;
  if ((rest === 1 || rest === 11) && ten !== 8 && ten !== 9) return `${base} et ${units[rest]}`;
  return `${base}-${units[rest]}`;
}

/** Ordinals in words from 1 to 199; figures beyond ("200e"). */
function ordinal(n: number, gender: 'masculine' | 'feminine'): string {
  if (!Number.isInteger(n) || n < 1 || n > 199) return `${n}e`;
  if (n === 1) return gender === 'feminine' ? 'première' : 'premier';
  const words = cardinal(n);
  if (words.endsWith('cinq')) return `${words}uième`;
  if (words.endsWith('neuf')) return `${words.slice(0, -1)}vième`;
  if (words.endsWith('quatre-vingts')) return `${words.slice(0, -1)}ième`;
  if (words.endsWith('e')) return `${words.slice(0, -1)}ième`;
  return `${words}ième`;
}

/**
 * French typography for the templates: a non-breaking space before : ; ! ? and », and after «.
 * Applied to the template texts only, never to the values put into them.
 */
export function frenchSpacing(template: string): string {
  return template.replace(/ ([:;!?»])/g, '\u00a0$1').replace(/« /g, '«\u00a0');
}

export const french: Grammar = {
  nameOf: (state) => state.nameFr,
  inText,
  date(isoDate, months) {
    const parts = dateParts(isoDate);
    if (parts === undefined) return isoDate;
    return `${parts.day === 1 ? '1er' : parts.day} ${months[parts.month - 1]} ${parts.year}`;
  },
  ordinal,
};
