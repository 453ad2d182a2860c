/**
 * Vega-Lite -> SVG -> PNG, headless: vega-lite compiles the spec, vega's View renders SVG without a DOM or
 * canvas (renderer 'none' + toSVG), and resvg rasterises it with fonts loaded from one folder, so a plot
 * looks the same on every machine that has that font (CI installs Debian's fonts-dejavu-core).
 * Shared by the grading report and the simulator's previews.
 */
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { FormatError } from '../formats/format-error';

/** Where Debian's fonts-dejavu-core puts DejaVu Sans. */
export const DEFAULT_FONT_DIR = '/usr/share/fonts/truetype/dejavu';
export const PLOT_FONT = 'DejaVu Sans';

export interface RenderedPlot {
  svg: string;
  png: Buffer;
  /** PNG size in pixels. */
  width: number;
  height: number;
}

export interface RenderOptions {
  /** PNG pixels per SVG pixel (default 2, for print). */
  scale?: number;
  fontDir?: string;
}

/** Renders a Vega-Lite spec to SVG text. The spec's fonts should be PLOT_FONT (see plotConfig). */
export async function vegaLiteToSvg(spec: TopLevelSpec): Promise<string> {
  // Library code must not write to the console: keep only errors (which also throw) from both loggers.
  const logger = vega.logger(vega.Error);
  const view = new vega.View(vega.parse(compile(spec, { logger }).spec), {
    renderer: 'none',
    logLevel: vega.Error,
  });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterises SVG text to PNG with the fonts of `fontDir` only (no system font lookup). */
export function svgToPng(
  svg: string,
  options: RenderOptions = {},
): { png: Buffer; width: number; height: number } {
  const scale = options.scale ?? 2;
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: {
      loadSystemFonts: false,
      fontDirs: [options.fontDir ?? DEFAULT_FONT_DIR],
      defaultFontFamily: PLOT_FONT,
      sansSerifFamily: PLOT_FONT,
    },
  });
  const image = resvg.render();
  if (image.width === 0 || image.height === 0)
    throw new FormatError(
      'PLOT_EMPTY',
      'the plot rendered to an empty image; check the spec has data and a size',
    );
  return { png: image.asPng(), width: image.width, height: image.height };
}

/** Spec -> SVG and PNG. */
export async function renderVegaLite(spec: TopLevelSpec, options: RenderOptions = {}): Promise<RenderedPlot> {
  const svg = await vegaLiteToSvg(spec);
  return { svg, ...svgToPng(svg, options) };
}

/** Shared look for project plots: one font everywhere, white background, readable sizes. */
export const plotConfig = {
  font: PLOT_FONT,
  background: 'white',
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14 },
} as const;
