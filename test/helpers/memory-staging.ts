import type { ReportStaging } from '../../src/report/report-staging.ts';

/** A staging folder in memory: each file's bytes, for testing what a writer stages without a disk. */
export function memoryStaging(): { staging: ReportStaging; files: Map<string, Buffer> } {
  const files = new Map<string, Buffer>();
  const bytes = (content: string | Uint8Array) => (typeof content === 'string' ? Buffer.from(content) : Buffer.from(content));
  const staging = {
    write: (name: string, content: string | Uint8Array) => void files.set(name, bytes(content)),
    append: (name: string, content: string | Uint8Array) => void files.set(name, Buffer.concat([files.get(name) ?? Buffer.alloc(0), bytes(content)])),
  } as unknown as ReportStaging;
  return { staging, files };
}
