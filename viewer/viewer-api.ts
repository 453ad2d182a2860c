/**
 * What the viewer's pages ask for, answered from PostgreSQL (experiments, steps, lineage) and the object
 * store (dataset manifests and their files). Manifests are immutable (an object is named by its hash), so
 * they are cached for the life of the server.
 */
import { plannedStageTotals } from '../contracts/experiment-stages';
import { gradingSummaryLines } from '../reports/grading-summary-text';
import type { ContentAddressedStore } from '../storage/content-addressed-store';
import { type DatasetManifest, getManifest, getShard } from '../storage/dataset-manifest';
import type { Experiment, ExperimentListing } from '../storage/experiment-queries';
import {
  gradingReport,
  type StageSummary,
  type StepSummary,
  summariseStages,
  summariseSteps,
} from '../storage/experiment-steps';
import type { LineageGraph } from '../storage/results-lineage';
import type { ResultsRepository } from '../storage/results-repository';

export interface DatasetView {
  sha256: string;
  kind: string;
  meta: Record<string, unknown>;
  files: string[];
}

export interface SubjectView extends DatasetView {
  /** map folders computed from this subject: fitted models and QTMnet, with the step that made each */
  maps: Array<DatasetView & { method: string; step: string }>;
}

export interface ExperimentView {
  experiment: Experiment;
  stages: StageSummary[];
  steps: StepSummary[];
  report: (DatasetView & { headline: string[] }) | null;
  subjects: SubjectView[];
}

export class ViewerApi {
  private readonly manifests = new Map<string, Promise<DatasetManifest>>();

  constructor(
    private readonly results: ResultsRepository,
    private readonly store: ContentAddressedStore,
  ) {}

  experiments(): Promise<ExperimentListing[]> {
    return this.results.listExperiments(200);
  }

  async experiment(ref: string): Promise<ExperimentView> {
    const experiment = await this.results.resolveExperiment(ref);
    const steps = summariseSteps(await this.results.experimentRuns(experiment.id));
    const stages = summariseStages(steps, plannedStageTotals(experiment.config));
    const reportObject = gradingReport(steps);
    let report: ExperimentView['report'] = null;
    if (reportObject) {
      const view = await this.dataset(reportObject.sha256);
      const summary = view.files.includes('summary.json')
        ? JSON.parse((await this.file(reportObject.sha256, 'summary.json')).toString('utf8'))
        : {};
      report = { ...view, headline: gradingSummaryLines(summary) };
    }
    return { experiment, stages, steps, report, subjects: await this.subjects(steps) };
  }

  /** Subject datasets of the experiment, each with the map datasets whose step used it; ordered by their meta (grade, seed). */
  private async subjects(steps: readonly StepSummary[]): Promise<SubjectView[]> {
    const subjects = steps.filter((s) => s.output?.kind === 'subject' && s.status === 'SUCCEEDED');
    const label = (v: SubjectView) => JSON.stringify(v.meta);
    const views = await Promise.all(
      subjects.map(async (s) => {
        const sha256 = (s.output as NonNullable<StepSummary['output']>).sha256;
        const mapSteps = steps.filter(
          (m) => m.output?.kind === 'maps' && m.inputs.some((i) => i.sha256 === sha256),
        );
        const maps = await Promise.all(
          mapSteps.map(async (m) => {
            const view = await this.dataset((m.output as NonNullable<StepSummary['output']>).sha256);
            const method = typeof view.meta.method === 'string' ? view.meta.method : m.kind;
            return { ...view, method, step: m.kind };
          }),
        );
        return { ...(await this.dataset(sha256)), maps };
      }),
    );
    return views.sort((a, b) => label(a).localeCompare(label(b), 'en', { numeric: true }));
  }

  async dataset(sha256: string): Promise<DatasetView> {
    const m = await this.manifest(sha256);
    return { sha256, kind: m.kind, meta: m.meta, files: m.shards.map((x) => x.name) };
  }

  /** A file of a dataset; SHARD_NOT_FOUND for a name its manifest does not list. */
  async file(sha256: string, name: string): Promise<Buffer> {
    return getShard(this.store, await this.manifest(sha256), name);
  }

  /** `target`: a dataset or artifact sha256, or `metric:<id>`. */
  async lineage(target: string): Promise<LineageGraph> {
    const root = /^metric:\d+$/.test(target)
      ? { metricId: BigInt(target.slice(7)) }
      : await this.results.rootForSha256(target);
    return this.results.lineageOf(root);
  }

  private manifest(sha256: string): Promise<DatasetManifest> {
    let m = this.manifests.get(sha256);
    if (!m) {
      m = getManifest(this.store, sha256);
      // A failed read (a server hiccup) is not remembered.
      m.catch(() => this.manifests.delete(sha256));
      this.manifests.set(sha256, m);
    }
    return m;
  }
}
