/**
 * S3 on s3rver, with the buckets of the data design. s3rver keeps objects on disk: in the
 * engine's data directory when persistence is asked for, else in a temporary one removed at stop.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { bucketDesigns } from '../functions/aws/data-design.ts';
import { loopback } from './net.ts';

export interface LocalS3 {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startS3(options: { port: number; dataDir?: string }): Promise<LocalS3> {
  const directory = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'mpr-s3-')));
  const server = new S3rver({
    address: loopback,
    port: options.port,
    silent: true,
    directory,
    vhostBuckets: false,
    configureBuckets: Object.values(bucketDesigns).map((bucket) => ({ name: bucket.localName })),
  });
  const { port } = await server.run();
  return {
    url: `http://${loopback}:${port}`,
    stop: async () => {
      server.httpServer?.closeAllConnections();
      await server.close();
      if (!options.dataDir) await rm(directory, { recursive: true, force: true });
    },
  };
}
