/** What a sample page is made of (the passages and their markup: ../sample-passages.ts). */

export type Layout =
  | 'police'
  | 'wechat'
  | 'statemedia'
  | 'gov'
  | 'journal'
  | 'certificate'
  | 'newslist'
  | 'twnews'
  | 'mobilenews';

export type FontKind = 'sans' | 'serif' | 'kai' | 'ming';

export interface SampleSpec {
  /** Descriptive stem; the file name adds the number, script and font. */
  slug: string;
  layout: Layout;
  script: 'simplified' | 'traditional';
  font: FontKind;
  /** Body text size in CSS px. */
  fontSizePx: number;
  deviceScaleFactor: 1 | 2 | 3;
  /** Page (and crop) width in CSS px; phones use 390 x 844. */
  viewport: { width: number; height: number };
  format: 'png' | 'jpeg';
  jpegQuality?: number;
  /** Body text in #888 on white. */
  lowContrast?: boolean;
  /** A dark navigation bar with white text (its items carry hits). */
  darkNav?: string;
  /** Masthead / site name / WeChat account. */
  site: string;
  nav?: string[];
  breadcrumb?: string;
  title: string;
  meta?: string[];
  /** Sub-heading above the body. */
  lead?: string;
  /** The passage proper, one string per paragraph (60–250 characters together). */
  body: string[];
  /** Rendered in a grey quote box after the body. */
  quote?: string;
  /** A list page: headline and date per row (the passage is the list). */
  list?: { headline: string; date: string }[];
  footer?: string[];
  /** Which seed passage this is taken from or modelled on. */
  source: string;
}

export const DESKTOP = (width: number) => ({ width, height: 800 });
export const PHONE = { width: 390, height: 844 };
