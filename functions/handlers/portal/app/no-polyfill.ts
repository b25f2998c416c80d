/** amazon-cognito-identity-js imports a fetch polyfill; the browsers the portal supports have fetch. */
export {};
