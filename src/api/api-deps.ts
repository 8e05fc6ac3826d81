import type { BlobStore } from '../store/blob-store.ts';
import type { Store } from '../store/store.ts';
import type { TokenStore } from '../store/token-store.ts';
import type { AuthOptions } from './auth/auth-options.ts';
import type { GlossaryService } from './glossary/glossary-service.ts';
import type { DocumentProcessor } from './processing/document-processor.ts';
import type { IngestLimits } from './upload/ingest-upload.ts';
import type { UploadLimits } from './upload/upload-limits.ts';

/** What the routes work with; built once by buildApp. */
export type ApiDeps = {
  store: Store;
  blobs: BlobStore;
  tokens: TokenStore;
  glossary: GlossaryService;
  processor: DocumentProcessor;
  auth: AuthOptions;
  uploadLimits: UploadLimits;
  ingestLimits: IngestLimits;
};
