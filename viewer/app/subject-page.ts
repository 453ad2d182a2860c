/**
 * #/experiments/<id>/subjects/<sha256>: a subject's parameter maps in NiiVue (WebGL2), bundled into the
 * page (no CDN). One map at a time with the tumour mask over it, a colour bar in the map's values, the
 * quantity and unit beside it, and the value under the cursor. Maps of every method that used the subject
 * (fits, QTMnet) and the subject's own volumes (truth maps, T10) can be chosen.
 */
import { Niivue } from '@niivue/niivue';
import { type ExperimentView, fileUrl, getJson, type SubjectView } from './api';
import { h } from './dom';
import { mapQuantity } from './map-units';

/** mask_tumour.nii.gz labels (docs/subject-folder.md): 1 enhancing tumour (cyan), 2 necrosis (white), 3 oedema (green). */
const TUMOUR_LABELS = {
  R: [0, 0, 255, 60],
  G: [0, 230, 255, 200],
  B: [0, 255, 255, 60],
  A: [0, 255, 255, 255],
  I: [0, 1, 2, 3],
  labels: ['', 'enhancing tumour', 'necrosis', 'oedema'],
};

interface Choice {
  label: string;
  sha256: string;
  file: string;
}

function choices(subject: SubjectView): { volumes: Choice[]; mask: Choice | null } {
  const { sha256 } = subject;
  const volume = (f: string) =>
    f.endsWith('.nii.gz') && !f.startsWith('mask_') && !['conc.nii.gz', 'dce.nii.gz'].includes(f);
  const volumes = [
    ...subject.maps.flatMap((m) =>
      m.files.filter(volume).map((file) => ({ label: `${m.method}: ${file}`, sha256: m.sha256, file })),
    ),
    ...subject.files.filter(volume).map((file) => ({ label: `subject: ${file}`, sha256, file })),
  ];
  const preferred = volumes.findIndex((c) => c.file === 'ktrans_per_min.nii.gz');
  if (preferred > 0) volumes.unshift(...volumes.splice(preferred, 1));
  const mask = subject.files.includes('mask_tumour.nii.gz')
    ? { label: 'tumour mask', sha256, file: 'mask_tumour.nii.gz' }
    : null;
  return { volumes, mask };
}

export async function subjectPage(page: HTMLElement, id: string, sha256: string): Promise<void> {
  const v = await getJson<ExperimentView>(`/api/experiments/${encodeURIComponent(id)}`);
  const subject = v.subjects.find((s) => s.sha256 === sha256);
  if (!subject)
    throw new Error(`subject ${sha256.slice(0, 12)} is not part of experiment ${v.experiment.name}`);
  const { volumes, mask } = choices(subject);
  if (volumes.length === 0) throw new Error('this subject has no volumes to show');
  const canvas = h('canvas', { id: 'gl' }) as HTMLCanvasElement;
  const select = h(
    'select',
    { id: 'volume' },
    ...volumes.map((c, i) => h('option', { value: i }, c.label)),
  ) as HTMLSelectElement;
  const layout = h(
    'select',
    { id: 'layout' },
    h('option', { value: 'axial' }, 'axial'),
    h('option', { value: 'multiplanar' }, 'axial, coronal, sagittal, 3D'),
  ) as HTMLSelectElement;
  const showMask = h('input', {
    type: 'checkbox',
    id: 'mask',
    checked: mask !== null,
    disabled: mask === null,
  }) as HTMLInputElement;
  const legend = h('div', { class: 'legend', id: 'legend' });
  const cursor = h('div', { class: 'muted', id: 'cursor' });
  page.replaceChildren(
    h(
      'h1',
      {},
      `Subject: ${
        Object.entries(subject.meta)
          .map(([k, x]) => `${k} ${x}`)
          .join(', ') || sha256.slice(0, 12)
      }`,
    ),
    h(
      'p',
      {},
      h('a', { href: `#/experiments/${v.experiment.id}` }, `experiment ${v.experiment.name}`),
      ' · ',
      h('a', { href: `#/lineage/${sha256}` }, 'lineage of this subject'),
    ),
    h(
      'div',
      { class: 'viewer' },
      // NiiVue sizes its canvas to the parent: a fixed box keeps it beside the controls.
      h('div', { class: 'canvas-box' }, canvas),
      h(
        'div',
        { class: 'controls' },
        h('label', {}, 'map ', select),
        h('label', {}, 'view ', layout),
        h(
          'label',
          {},
          showMask,
          ' tumour mask over the map: enhancing (cyan), necrosis (white), oedema (green)',
        ),
        legend,
        cursor,
      ),
    ),
  );
  const nv = new Niivue({
    isColorbar: true,
    backColor: [0.07, 0.07, 0.09, 1],
    show3Dcrosshair: false,
    crosshairColor: [0.3, 0.8, 1, 0.6],
    crosshairWidth: 1,
    crosshairWidthUnit: 'percent',
  });
  await nv.attachToCanvas(canvas);
  // Voxels as they are: a parameter map is one value per voxel, not a smooth field.
  nv.setInterpolation(true);
  nv.onLocationChange = (location) => {
    const value = (location as { values?: Array<{ value: number }> }).values?.[0]?.value;
    const q = mapQuantity(volumes[Number(select.value)].file);
    cursor.textContent = value === undefined ? '' : `at cursor: ${Number(value.toPrecision(4))} ${q.unit}`;
  };
  const show = async () => {
    const choice = volumes[Number(select.value)];
    const q = mapQuantity(choice.file);
    await nv.loadVolumes([
      {
        url: fileUrl(choice.sha256, choice.file),
        name: choice.file,
        colormap: 'inferno',
        colorbarVisible: true,
      },
      ...(mask && showMask.checked
        ? [
            {
              url: fileUrl(mask.sha256, mask.file),
              name: mask.file,
              // translucent, so the map shows through the labels
              opacity: 0.25,
              colorbarVisible: false,
            },
          ]
        : []),
    ]);
    if (nv.volumes[1]) {
      nv.volumes[1].setColormapLabel(TUMOUR_LABELS);
    }
    nv.setSliceType(layout.value === 'axial' ? nv.sliceTypeAxial : nv.sliceTypeMultiplanar);
    const vol = nv.volumes[0];
    legend.replaceChildren(
      h('strong', {}, q.label),
      ` in ${q.unit}`,
      h(
        'div',
        { class: 'muted' },
        `colour bar (under the image) from ${Number(vol.cal_min?.toPrecision(3))} to ${Number(vol.cal_max?.toPrecision(3))} ${q.unit}`,
      ),
    );
    legend.dataset.unit = q.unit;
  };
  select.addEventListener('change', () => void show());
  layout.addEventListener('change', () => void show());
  showMask.addEventListener('change', () => void show());
  await show();
}
