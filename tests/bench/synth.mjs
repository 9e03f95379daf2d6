// tests/bench/synth.mjs: generates a synthetic content folder of N pages for
// the preprocessor benchmark (run.mjs), deterministic for a given N.
//
//   node tests/bench/synth.mjs 3000 /tmp/site-3000     (standalone)
//   import { generateSite } from './synth.mjs'; generateSite({ pages, dir, content })
//
// Half the pages are Italian, half English, in pairs sharing a `ref`. Each
// language has a home page, a join-us page (jobs accordion and lists, old
// URLs), a projects index and a team index (in the menu); the rest is mixed:
// 20% job positions (some archived, some new, some with an application form),
// 30% projects (people, table of contents, timeline) and 50% people profiles.
// Bodies are 2-6 KB of Markdown with headings, lists, emphasis, links to
// other pages of the site and to outside, the odd table and code span.
// `_config.yml` and `_data/strings.yml` are copied from the real content/.
// A site include, `_includes/colleagues.html`, loops over `site.pages` (the
// people of the same role and language, each with a nested include and its
// parameters); up to 150 profiles per language use it, so a 30,000-page site
// has 300 pages that render Liquid.

import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');

/** A small deterministic PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  next.pick = (list) => list[Math.floor(next() * list.length)];
  return next;
}

const WORDS = {
  it: (
    'il team per la trasformazione digitale lavora con le pubbliche amministrazioni per rendere i servizi ' +
    'digitali più semplici sicuri e utili ai cittadini e alle imprese attraverso piattaforme abilitanti ' +
    'comuni codice aperto dati interoperabili progettazione centrata sulle persone gestione dei progetti ' +
    'sviluppo software architettura cloud identità digitale pagamenti anagrafe nazionale comunicazioni ' +
    'preferenze notifiche scadenze documenti sperimentazione comunità sviluppatori designer enti locali ' +
    'ministeri regioni comuni cittadinanza competenze qualità accessibilità sicurezza privacy obiettivi ' +
    'risultati tempi costi fornitori contratti linee guida standard formati aperti riuso manutenzione'
  ).split(' '),
  en: (
    'the digital transformation team works with public administrations to make digital services simpler ' +
    'safer and more useful for citizens and businesses through shared enabling platforms open source code ' +
    'interoperable data human centred design project management software development cloud architecture ' +
    'digital identity payments national registry communications preferences notifications deadlines ' +
    'documents experiments community developers designers local authorities ministries regions towns ' +
    'citizenship skills quality accessibility security privacy goals results time costs suppliers contracts ' +
    'guidelines standards open formats reuse maintenance'
  ).split(' '),
};

const MONTHS = {
  it: ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

const HEADINGS = {
  it: ['Descrizione e responsabilità', 'Qualifiche chiave', 'Formazione', 'In breve', 'Il ruolo del Team', 'Benefici', 'Per i Cittadini', 'Per le Amministrazioni', 'Media', 'Risultati', 'Prossimi passi'],
  en: ['Description and responsibilities', 'Key qualifications', 'Education', 'In short', 'The role of the Team', 'Benefits', 'For citizens', 'For administrations', 'Media', 'Results', 'Next steps'],
};

const FIRST = ['Anna', 'Marco', 'Giulia', 'Luca', 'Sara', 'Paolo', 'Elena', 'Davide', 'Chiara', 'Matteo', 'Laura', 'Stefano', 'Marta', 'Andrea', 'Silvia', 'Federico'];
const LAST = ['Rossi', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'Costa', 'Giordano', 'Mancini', 'Rizzo', 'Lombardi', 'Moretti'];

const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);

function sentence(r, lang, min = 8, max = 22) {
  const n = r.int(min, max);
  const words = [];
  for (let i = 0; i < n; i++) words.push(r.pick(WORDS[lang]));
  return cap(words.join(' ')) + '.';
}

/** The site's pages as {kind, index, ref, slug, title} per language (same ref in both). */
function plan(total) {
  const pairs = Math.max(4, Math.floor(total / 2));
  const rest = pairs - 4;
  const jobs = Math.round(rest * 0.2);
  const projects = Math.round(rest * 0.3);
  const people = rest - jobs - projects;
  return { pairs, jobs, projects, people };
}

const urls = {
  it: { home: '/it/', join: '/it/lavora-con-noi', projects: '/it/projects/', team: '/it/team/', job: (s) => `/it/jobpositions/${s}.htm`, project: (s) => `/it/projects/${s}.htm`, person: (s) => `/it/team/${s}.htm` },
  en: { home: '/en/', join: '/en/join-us', projects: '/en/projects/', team: '/en/team/', job: (s) => `/en/jobpositions/${s}.htm`, project: (s) => `/en/projects/${s}.htm`, person: (s) => `/en/team/${s}.htm` },
};

function body(r, lang, { minBytes, maxBytes, links, includes = [] }) {
  const target = r.int(minBytes, maxBytes);
  const h = HEADINGS[lang];
  let out = '';
  let section = 0;
  const includeAt = new Map(includes.map((inc, i) => [1 + i * 2, inc]));
  while (out.length < target) {
    out += `${section === 0 ? '###' : r.pick(['###', '###', '####', '##'])} ${r.pick(h)} ${section + 1}\n\n`;
    const paras = r.int(1, 3);
    for (let p = 0; p < paras; p++) {
      const parts = [];
      for (let s = r.int(2, 5); s > 0; s--) parts.push(sentence(r, lang));
      if (r() < 0.6) {
        const link = r.pick(links);
        parts.splice(r.int(0, parts.length), 0, `Vedi [${link.title}](${link.url}).`);
      }
      if (r() < 0.3) parts.push(`Con **${r.pick(WORDS[lang])}** e *${r.pick(WORDS[lang])}* e \`${r.pick(WORDS[lang])}\`.`);
      out += parts.join(' ') + '\n\n';
    }
    if (r() < 0.7) {
      const bullet = r() < 0.5 ? '-' : '*';
      for (let i = r.int(3, 8); i > 0; i--) {
        out += r() < 0.3
          ? `${bullet} [${sentence(r, lang, 2, 5).slice(0, -1)}](https://example.org/${r.pick(WORDS[lang])}/${r.int(1, 999)})\n`
          : `${bullet} ${sentence(r, lang, 6, 18)}\n`;
      }
      out += '\n';
    }
    if (r() < 0.08) {
      out += `| ${r.pick(WORDS[lang])} | ${r.pick(WORDS[lang])} |\n|---|---|\n`;
      for (let i = r.int(2, 4); i > 0; i--) out += `| ${sentence(r, lang, 2, 4)} | ${r.int(1, 2000)} |\n`;
      out += '\n';
    }
    section += 1;
    if (includeAt.has(section)) out += `{% include ${includeAt.get(section)}.html %}\n\n`;
  }
  for (const [at, inc] of includeAt) if (at > section) out += `{% include ${inc}.html %}\n\n`;
  return out;
}

const yamlString = (s) => JSON.stringify(s);

function frontMatter(fields) {
  let out = '---\n';
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) {
      if (v.length === 0) continue;
      if (typeof v[0] === 'object') {
        out += `${k}:\n`;
        for (const item of v) {
          const entries = Object.entries(item).filter(([, x]) => x !== undefined);
          entries.forEach(([ik, iv], i) => {
            out += `${i === 0 ? '  - ' : '    '}${ik}: ${yamlString(iv)}\n`;
          });
        }
      } else {
        out += `${k}:\n${v.map((x) => `  - ${yamlString(x)}`).join('\n')}\n`;
      }
    } else if (typeof v === 'string') {
      out += `${k}: ${yamlString(v)}\n`;
    } else {
      out += `${k}: ${v}\n`;
    }
  }
  return out + '---\n\n';
}

/** The include that loops over `site.pages`. */
const COLLEAGUES = `{% assign same = site.pages | where: "role", page.role | where: "lang", page.lang %}
<div class="colleagues">
  <h2>{{ include.heading }} ({{ same | size }})</h2>
  {% for p in same limit: 10 %}{% unless p.url == page.url %}{% include signature.html person=p %}{% endunless %}{% endfor %}
</div>
`;

/** A nested include with a parameter. */
const SIGNATURE = `<p><a href="{{ include.person.url | relative_url }}">{{ include.person.title }}</a>, {{ include.person.role | default: "team" }}</p>
`;

/**
 * Writes a content folder of `pages` pages into `dir` (replacing it), copying
 * _config.yml and _data/strings.yml from `content`. Returns {pages, files, bytes}.
 */
export function generateSite({ pages: total, dir, content = path.join(REPO, 'content') }) {
  const { pairs, jobs, projects, people } = plan(total);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, '_data'), { recursive: true });
  copyFileSync(path.join(content, '_config.yml'), path.join(dir, '_config.yml'));
  copyFileSync(path.join(content, '_data', 'strings.yml'), path.join(dir, '_data', 'strings.yml'));

  mkdirSync(path.join(dir, '_includes'), { recursive: true });
  writeFileSync(path.join(dir, '_includes', 'colleagues.html'), COLLEAGUES);
  writeFileSync(path.join(dir, '_includes', 'signature.html'), SIGNATURE);

  const r = rng(total * 7919 + 17);
  const personSlugs = [];
  const personNames = [];
  for (let i = 0; i < people; i++) {
    const name = `${r.pick(FIRST)} ${r.pick(LAST)}`;
    personNames.push(`${name} ${i}`);
    personSlugs.push(`${name.toLowerCase().replace(/ /g, '-')}-${i}`);
  }
  const jobSlugs = Array.from({ length: jobs }, (_, i) => `posizione-${i}`);
  const projectSlugs = Array.from({ length: projects }, (_, i) => `progetto-${i}`);

  let files = 0;
  let bytes = 0;
  const madeDirs = new Set();
  const write = (rel, text) => {
    const file = path.join(dir, rel);
    const parent = path.dirname(file);
    if (!madeDirs.has(parent)) {
      mkdirSync(parent, { recursive: true });
      madeDirs.add(parent);
    }
    writeFileSync(file, text);
    files += 1;
    bytes += Buffer.byteLength(text);
  };

  for (const lang of ['it', 'en']) {
    const u = urls[lang];
    // Links a body may contain: fixed pages and a sample of the others.
    const links = [
      { title: lang === 'it' ? 'Progetti' : 'Projects', url: u.projects },
      { title: lang === 'it' ? 'Lavora con noi' : 'Join us', url: u.join },
    ];
    for (let i = 0; i < 40; i++) {
      if (projects) links.push({ title: `Project ${i}`, url: u.project(r.pick(projectSlugs)) });
      if (people) links.push({ title: `Person ${i}`, url: u.person(r.pick(personSlugs)) });
      if (jobs) links.push({ title: `Job ${i}`, url: u.job(r.pick(jobSlugs)) });
    }
    links.push({ title: 'Developers Italia', url: 'https://developers.italia.it/' });
    const b = (opts = {}) => body(r, lang, { minBytes: 2048, maxBytes: 6144, links, ...opts });

    write(`${lang}/index.md`, frontMatter({ title: lang === 'it' ? 'Team per la Trasformazione Digitale' : 'Digital Transformation Team', lang, ref: 'home', permalink: u.home, description: sentence(r, lang) }) + b());
    write(`${lang}/join-us.md`, frontMatter({ title: lang === 'it' ? 'Lavora con noi' : 'Join us', lang, ref: 'join-us', permalink: u.join, menu_position: 5, last_modified_by_layout: 'job', redirect_from: [`/${lang}/old-join-us.htm`] }) + b({ includes: ['jobs_accordion', 'jobs_list', 'jobs_list_archive'] }));
    write(`${lang}/projects/index.md`, frontMatter({ title: lang === 'it' ? 'Progetti' : 'Projects', lang, ref: 'projects', permalink: u.projects, menu_position: 2 }) + b({ minBytes: 600, maxBytes: 1200, includes: ['projects_list'] }));
    write(`${lang}/team/index.md`, frontMatter({ title: lang === 'it' ? 'Il team' : 'The team', lang, ref: 'team', permalink: u.team, menu_position: 3 }) + b({ minBytes: 600, maxBytes: 1200, includes: ['team_list'] }));

    jobSlugs.forEach((slug, i) => {
      const fields = { title: `${lang === 'it' ? 'Posizione' : 'Position'} ${i}: ${cap(r.pick(WORDS[lang]))} ${r.pick(WORDS[lang])}`, lang, permalink: u.job(slug), layout: 'job', ref: `job-${slug}`, parent_ref: 'join-us' };
      if (r() < 0.6) fields.archived = true;
      else if (r() < 0.5) fields.is_new = true;
      if (!fields.archived && r() < 0.7) {
        fields.jazz_url = `https://teamdigitale.applytojob.com/apply/${slug}`;
        fields.iframeheight = 700;
      }
      if (r() < 0.1) fields.redirect_from = [`/${lang}/${100 + i}-content.htm`];
      write(`${lang}/jobpositions/${slug}.md`, frontMatter(fields) + b());
    });

    projectSlugs.forEach((slug, i) => {
      const team = [];
      if (people) for (let k = r.int(2, 6); k > 0; k--) team.push(r.pick(personSlugs));
      const timeline = [];
      for (let k = r.int(2, 5); k > 0; k--) {
        const item = { period: `${cap(r.pick(MONTHS[lang]))} ${r.int(2016, 2024)}`, title: sentence(r, lang, 3, 8).slice(0, -1) };
        if (r() < 0.4) item.desc = sentence(r, lang);
        if (r() < 0.3) item.status = 'todo';
        timeline.push(item);
      }
      write(`${lang}/projects/${slug}.md`, frontMatter({ title: `${lang === 'it' ? 'Progetto' : 'Project'} ${i} ${r.pick(WORDS[lang])}`, lang, permalink: u.project(slug), layout: 'project', ref: `project-${slug}`, parent_ref: 'projects', people: [...new Set(team)].map((s) => `person-${s}`), toc: true, timeline }) + b({ includes: ['project_timeline'] }));
    });

    personSlugs.forEach((slug, i) => {
      const day = `${r.int(1, 28)} ${MONTHS[lang][r.int(0, 11)]} ${r.int(2016, 2023)}`;
      const fields = { title: personNames[i], lang, ref: `person-${slug}`, layout: 'people', permalink: u.person(slug), parent_ref: 'team', role: cap(`${r.pick(WORDS[lang])} ${r.pick(WORDS[lang])}`), start_date: day };
      if (r() < 0.3) fields.end_date = `${r.int(1, 28)} ${MONTHS[lang][r.int(0, 11)]} ${r.int(2023, 2025)}`;
      if (r() < 0.5) fields.twitter_user = slug.replace(/-/g, '_').slice(0, 15);
      if (r() < 0.5) fields.linkedin_url = `https://www.linkedin.com/in/${slug}`;
      if (r() < 0.3) fields.email = `${slug}@example.org`;
      const colleagues = i < 150 ? '\n{% include colleagues.html heading="Colleghi" %}\n' : '';
      write(`${lang}/team/${slug}.md`, frontMatter(fields) + b() + colleagues);
    });
  }
  return { pages: pairs * 2, files, bytes };
}

/** A key for the generated folder: changes when this generator or the copied files change. */
export function synthKey(pages, content = path.join(REPO, 'content')) {
  const h = createHash('sha256');
  h.update(readFileSync(fileURLToPath(import.meta.url)));
  h.update(readFileSync(path.join(content, '_config.yml')));
  h.update(readFileSync(path.join(content, '_data', 'strings.yml')));
  h.update(String(pages));
  return h.digest('hex').slice(0, 16);
}

/** generateSite() unless `dir` already holds the same generation (a stamp file says so). */
export function ensureSite({ pages, dir, content }) {
  const stamp = `${dir}.stamp`;
  const key = synthKey(pages, content);
  if (existsSync(stamp)) {
    try {
      const saved = JSON.parse(readFileSync(stamp, 'utf8'));
      if (saved.key === key) return { ...saved, reused: true };
    } catch {}
  }
  const result = { ...generateSite({ pages, dir, content }), key };
  // Beside the folder, not in it: the preprocessor would copy it as a static file.
  writeFileSync(stamp, JSON.stringify(result));
  return { ...result, reused: false };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [pages, dir] = process.argv.slice(2);
  if (!pages || !dir) {
    console.error('usage: node tests/bench/synth.mjs PAGES DIR');
    process.exit(2);
  }
  console.log(generateSite({ pages: Number(pages), dir: path.resolve(dir) }));
}
