import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import type { Redactor } from './redact.js';
import type { ScanResult } from './result.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

/** Every report format; all render the same ScanResult and pass through the Redactor. */
export const REPORT_FORMATS = ['text', 'json', 'sarif', 'html', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Other names users type for a format. */
export const FORMAT_ALIASES: Record<string, ReportFormat> = { md: 'markdown' };

export interface RenderOptions {
  color: boolean;
  verbose: boolean;
}

export function render(
  format: ReportFormat,
  result: ScanResult,
  redactor: Redactor,
  options: RenderOptions,
): string {
  switch (format) {
    case 'text':
      return renderText(result, redactor, options);
    case 'json':
      return renderJson(result, redactor);
    case 'sarif':
      return renderSarif(result, redactor);
    case 'html':
      return renderHtml(result, redactor);
    case 'markdown':
      return renderMarkdown(result, redactor);
  }
}
