import { LocalBlobStore, type BlobStore, type BlobStoreSettings } from './blob-store.ts';

/**
 * The blob store the settings name. The S3 client is loaded only for an s3:// store: the AWS SDK
 * is large, and a one-machine deployment never needs it.
 */
export async function openBlobStore(settings: BlobStoreSettings): Promise<BlobStore> {
  if (settings.kind === 'local') return new LocalBlobStore(settings.root);
  const { S3BlobStore } = await import('./s3-blob-store.ts');
  return new S3BlobStore(settings);
}
