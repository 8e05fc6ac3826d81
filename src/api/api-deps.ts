import type { BlobStore } from '../store/blob-store.ts';
import type { Store } from '../store/store.ts';
import type { TokenRepository } from '../store/repositories/tokens.ts';
import type { AuthOptions } from './auth/auth-options.ts';
import type { CredentialLimiter } from './auth/credential-limiter.ts';
import type { GlossaryService } from '../review/glossary-service.ts';
import type { ReviewService } from '../review/review-service.ts';
import type { DocumentProcessor } from './processing/document-processor.ts';
import type { RefusalAudit } from './refusal-audit.ts';
import type { InFlightUploads } from './upload/in-flight-uploads.ts';
import type { IngestLimits } from './upload/ingest-upload.ts';
import type { UploadLimits } from './upload/upload-limits.ts';

/** What the routes work with; built once by buildApp. */
export type ApiDeps = {
  store: Store;
  blobs: BlobStore;
  tokens: TokenRepository;
  glossary: GlossaryService;
  /** The review rules (decisions, versions, corrections), shared with the CLI. */
  review: ReviewService;
  processor: DocumentProcessor;
  auth: AuthOptions;
  uploadLimits: UploadLimits;
  ingestLimits: IngestLimits;
  /** Refused requests, audited within bounds. */
  refusals: RefusalAudit;
  /** Failed sign-ins and bearer tokens per client. */
  credentials: CredentialLimiter;
  /** Uploads being received, so that a shutdown can cut them at its deadline. */
  uploads: InFlightUploads;
};
