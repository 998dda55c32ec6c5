/** Dependencies left out of the bundle (resolved from node_modules at run time). */
export const EXTERNAL: string[];
/** Bundles src/cli.ts into `outdir` (default dist/bin, emptied first); returns esbuild's metafile. */
export function buildBundle(outdir?: string): Promise<{
  outputs: Record<
    string,
    {
      bytes: number;
      entryPoint?: string;
      inputs: Record<string, unknown>;
      imports: { path: string; kind: string; external?: boolean }[];
    }
  >;
}>;
