// Opens a drill's HTML report in headless Chromium (Debian's package; scripts/asegurar-chromium.sh)
// and measures what was actually laid out and drawn: a copy of the report gets a script that reads
// each chart's polylines (points, drawn width) and markers, and --dump-dom hands the result back.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function rutaChromium(): string {
  return process.env.ALPES_CHROMIUM || '/usr/bin/chromium';
}

export interface MedidasGrafico {
  /** Laid-out width of the svg (CSS px). */
  ancho: number;
  polilineas: number;
  /** Points of the longest polyline. */
  puntosMaximos: number;
  /** Drawn width (getBBox) covered by the chart's polylines together (a series may have gaps, e.g. while Pulsar is down). */
  anchoTrazos: number;
  /** data-etiqueta of every fault/event marker. */
  marcas: string[];
}

export interface MedidasInforme {
  veredicto: string | null;
  graficos: Record<string, MedidasGrafico>;
  captura: string;
}

const BANDERAS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--hide-scrollbars',
];

const MEDIR = `<script>
(() => {
  const r = { veredicto: document.getElementById('veredicto')?.textContent.trim() ?? null, graficos: {} };
  for (const svg of document.querySelectorAll('svg.grafico')) {
    const lineas = [...svg.querySelectorAll('g.serie polyline')];
    r.graficos[svg.id] = {
      ancho: svg.getBoundingClientRect().width,
      polilineas: lineas.length,
      puntosMaximos: Math.max(0, ...lineas.map((l) => l.points.numberOfItems)),
      anchoTrazos: lineas.length
        ? Math.max(...lineas.map((l) => l.getBBox().x + l.getBBox().width)) - Math.min(...lineas.map((l) => l.getBBox().x))
        : 0,
      marcas: [...svg.querySelectorAll('g.marca')].map((g) => g.getAttribute('data-etiqueta')),
    };
  }
  const pre = document.createElement('pre');
  pre.id = 'medidas-chromium';
  pre.textContent = JSON.stringify(r);
  document.body.appendChild(pre);
})();
</script>`;

function chromium(binario: string, args: string[]): Promise<string> {
  const perfil = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-simulacro-'));
  return new Promise<string>((resolver, rechazar) => {
    execFile(
      binario,
      [...BANDERAS, `--user-data-dir=${perfil}`, ...args],
      { timeout: 90_000, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error)
          rechazar(new Error(`${binario} ${args.join(' ')}: ${error.message}\n${stderr.slice(-2000)}`));
        else resolver(stdout);
      },
    );
  }).finally(() => fs.rmSync(perfil, { recursive: true, force: true }));
}

export async function medirInformeEnChromium(
  binario: string,
  html: string,
  captura: string,
): Promise<MedidasInforme> {
  const copia = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'informe-medido-')), 'informe.html');
  fs.writeFileSync(copia, fs.readFileSync(html, 'utf8').replace('</body>', `${MEDIR}\n</body>`));
  try {
    const dom = await chromium(binario, ['--dump-dom', `file://${copia}`]);
    const crudo = /<pre id="medidas-chromium">([^<]*)<\/pre>/.exec(dom)?.[1];
    if (!crudo)
      throw new Error(`Chromium ran no measurement: the dumped DOM has no result\n${dom.slice(0, 500)}`);
    const medidas = JSON.parse(
      crudo
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&'),
    ) as Omit<MedidasInforme, 'captura'>;
    await chromium(binario, ['--window-size=1100,2600', `--screenshot=${captura}`, `file://${html}`]);
    return { ...medidas, captura };
  } finally {
    fs.rmSync(path.dirname(copia), { recursive: true, force: true });
  }
}
