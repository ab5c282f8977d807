/**
 * The script of report.html, inlined after the Vega bundles: plain browser JavaScript, no
 * library, nothing fetched (the page's Content-Security-Policy allows no request).
 *
 * - Charts: each is drawn from its inline spec with vega-embed as SVG, with its export actions
 *   (save as SVG or PNG, made in the page) and no link to the online editor or to the spec's
 *   source. On a narrow screen (under 720 px) a chart is reflowed rather than shrunk: small
 *   multiples one per row, side-by-side panels one above the other, panels as wide as the page
 *   allows, legends below, long labels cut, and the title and subtitle as text above the chart;
 *   a chart still wider than its column is redrawn narrower. A chart that fails says so in its
 *   place. When all are drawn, `<body data-charts="done">`; they are redrawn when the window
 *   crosses the narrow width.
 * - The strategy selector (`#strategy-select`, with more than one strategy) sets the `strategy`
 *   signal of every chart that has one and redraws it (`data-strategy` on each chart says what
 *   it shows), shows the rows and figures of the chosen strategy (`[data-strategy]` elements:
 *   all of them for "all strategies") and names it where the page says `[data-strategy-name]`.
 * - Tables: each column header becomes a button that sorts the rows by it (numbers by their
 *   `data-value`, text by its words; again to reverse), with `aria-sort` on the header; a table
 *   of more than 12 rows gets a filter box that hides the rows not containing its text.
 */
export const PAGE_SCRIPT = `(() => {
  'use strict';
  const ALL = '*';
  const NARROW = 720;
  const FILTER_FROM_ROWS = 12;
  const select = document.getElementById('strategy-select');
  let chosen = select ? select.value : null;
  const drawn = new Map();

  const isNarrow = () => document.documentElement.clientWidth < NARROW;

  /* Every object of a spec, depth first. */
  const walk = (node, visit) => {
    if (Array.isArray(node)) node.forEach((item) => walk(item, visit));
    else if (node && typeof node === 'object') { visit(node); Object.values(node).forEach((value) => walk(value, visit)); }
  };

  /* The spec as drawn in a column \`room\` pixels wide. */
  const fitted = (source, room) => {
    if (!isNarrow()) return source;
    const spec = JSON.parse(JSON.stringify(source));
    delete spec.title;
    if (spec.hconcat) {
      spec.vconcat = spec.hconcat;
      delete spec.hconcat;
      walk(spec.vconcat, (node) => { if (node.axis && node.axis.labels === false) node.axis = { labelLimit: 120 }; });
    }
    if (spec.facet && spec.columns) spec.columns = 1;
    // Row headers above their rows rather than beside them.
    if (spec.facet && spec.facet.row) spec.facet.row.header = Object.assign({}, spec.facet.row.header, { labelOrient: 'top', labelAngle: 0, labelAlign: 'left', labelAnchor: 'start' });
    const columns = spec.facet && spec.facet.column ? 2 : 1;
    const overhead = spec.facet && spec.facet.column ? 220 : 150;
    const width = Math.max(80, Math.floor((room - overhead) / columns));
    if (spec.facet && spec.facet.column) spec.facet.column.header = Object.assign({}, spec.facet.column.header, { labelLimit: width });
    walk(spec, (node) => {
      if (typeof node.width === 'number' && node.width > width) node.width = width;
      if (typeof node.labelLimit === 'number' && node.labelLimit > 120) node.labelLimit = 120;
    });
    // The legends below the chart are stacked (stackLegends), each with the column's width.
    const legendLimit = Math.max(80, room - 60);
    walk(spec, (node) => { if (node.legend && typeof node.legend === 'object') node.legend.labelLimit = legendLimit; });
    spec.config = Object.assign({}, spec.config, {
      legend: { orient: 'bottom', direction: 'vertical', labelLimit: legendLimit },
      axis: { labelLimit: 100 },
      header: { labelLimit: Math.max(80, room - 20) },
    });
    return spec;
  };

  /* The compiled Vega spec with its legends below the chart stacked from the left, one under the other, rather than side by side. */
  const stackLegends = (vega) => {
    const config = vega.config || {};
    const legend = config.legend || {};
    vega.config = Object.assign({}, config, { legend: Object.assign({}, legend, { layout: { bottom: { anchor: 'start', direction: 'vertical', center: false, margin: 8 } } }) });
    return vega;
  };

  /* Every panel of a spec \`by\` pixels narrower. */
  const narrower = (spec, by) => {
    walk(spec, (node) => {
      if (typeof node.width === 'number') node.width = Math.max(40, node.width - by);
      if (typeof node.labelLimit === 'number') node.labelLimit = Math.max(60, node.labelLimit - by);
    });
    return spec;
  };

  /* The width a chart can take: its figure's (vega-embed makes the chart itself inline-block), less the actions button's room. */
  const roomOf = (container) => container.parentElement.clientWidth - 40;

  const subtitleOf = (spec) => {
    const title = spec.title;
    if (!title || typeof title !== 'object') return [];
    return [].concat(title.subtitle || []);
  };

  const showStrategy = async (container) => {
    const entry = drawn.get(container);
    if (!entry || chosen === null) return;
    try { entry.view.signal('strategy'); } catch (error) { return; }
    await entry.view.signal('strategy', chosen).runAsync();
    container.dataset.strategy = chosen;
  };

  const draw = async (container) => {
    const source = JSON.parse(document.getElementById(container.dataset.spec).textContent);
    const previous = drawn.get(container);
    if (previous) previous.finalize();
    let note = container.previousElementSibling;
    if (note && note.classList.contains('chart-subtitle')) note.remove();
    if (isNarrow() && subtitleOf(source).length > 0) {
      note = document.createElement('p');
      note.className = 'chart-subtitle note';
      note.textContent = subtitleOf(source).join(' ');
      container.before(note);
    }
    const room = roomOf(container);
    const options = { renderer: 'svg', actions: { export: true, source: false, compiled: false, editor: false } };
    if (isNarrow()) options.patch = stackLegends;
    let spec = fitted(source, room);
    let result = await vegaEmbed(container, spec, options);
    for (let attempt = 0; attempt < 4 && isNarrow(); attempt++) {
      const svg = container.querySelector('svg.marks');
      const over = svg ? svg.width.baseVal.value - roomOf(container) : 0;
      if (over <= 1) break;
      result.finalize();
      spec = narrower(spec, Math.ceil(over) + 4);
      result = await vegaEmbed(container, spec, options);
    }
    drawn.set(container, result);
    await showStrategy(container);
    container.dataset.state = 'drawn';
  };

  const drawAll = () => {
    const containers = Array.from(document.querySelectorAll('.chart[data-spec]'));
    return Promise.all(containers.map((container) =>
      draw(container).catch((error) => {
        container.dataset.state = 'failed';
        const message = document.createElement('p');
        message.className = 'chart-error';
        message.textContent = 'This chart could not be drawn: ' + (error && error.message ? error.message : String(error));
        container.replaceChildren(message);
        console.error(error);
      }),
    ));
  };

  /* Tables: a row shows when it is of the chosen strategy and holds the filter's text. */
  const rowShows = (row) => {
    const strategy = row.dataset.strategy;
    const ofStrategy = strategy === undefined || chosen === null || chosen === ALL || strategy === chosen;
    const filter = row.closest('table').dataset.filter || '';
    return ofStrategy && (filter === '' || row.textContent.toLowerCase().includes(filter));
  };
  const refreshRows = () => {
    document.querySelectorAll('tbody tr').forEach((row) => { row.hidden = !rowShows(row); });
  };

  const sortBy = (table, header, index) => {
    const ascending = header.getAttribute('aria-sort') !== 'ascending';
    table.querySelectorAll('thead th').forEach((other) => other.setAttribute('aria-sort', 'none'));
    header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    const body = table.tBodies[0];
    const key = (row) => {
      const cell = row.cells[index];
      if (!cell) return '';
      const value = cell.dataset.value;
      return value !== undefined && value !== '' ? Number(value) : cell.textContent.trim().toLowerCase();
    };
    const rows = Array.from(body.rows);
    rows.sort((a, b) => {
      const x = key(a);
      const y = key(b);
      const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
      return ascending ? order : -order;
    });
    rows.forEach((row) => body.appendChild(row));
  };

  document.querySelectorAll('.table-wrap table').forEach((table, tableIndex) => {
    const headers = Array.from(table.querySelectorAll('thead th'));
    headers.forEach((header, index) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      button.append(...Array.from(header.childNodes));
      header.append(button);
      header.setAttribute('aria-sort', 'none');
      button.addEventListener('click', () => sortBy(table, header, index));
    });
    if (table.tBodies[0] && table.tBodies[0].rows.length > FILTER_FROM_ROWS) {
      const label = document.createElement('label');
      label.className = 'table-filter';
      label.textContent = 'Filter rows ';
      const input = document.createElement('input');
      input.type = 'search';
      input.id = 'table-filter-' + (tableIndex + 1);
      input.addEventListener('input', () => {
        table.dataset.filter = input.value.trim().toLowerCase();
        refreshRows();
      });
      label.append(input);
      table.closest('.table-wrap').before(label);
    }
  });

  const choose = async (strategy) => {
    chosen = strategy;
    document.querySelectorAll('[data-strategy]:not(tr):not(.chart)').forEach((element) => {
      element.hidden = !(strategy === ALL || element.dataset.strategy === strategy);
    });
    const name = strategy === ALL ? 'all strategies' : strategy;
    document.querySelectorAll('[data-strategy-name]').forEach((element) => { element.textContent = name; });
    refreshRows();
    await Promise.all(Array.from(drawn.keys()).map(showStrategy));
    document.body.dataset.strategy = strategy;
  };

  if (select) {
    select.closest('.strategy-picker').hidden = false;
    select.addEventListener('change', () => { void choose(select.value); });
  }

  let layout = isNarrow();
  window.addEventListener('resize', () => {
    if (isNarrow() === layout) return;
    layout = isNarrow();
    document.body.dataset.charts = 'drawing';
    drawAll().then(() => { document.body.dataset.charts = 'done'; });
  });

  drawAll().then(() => { document.body.dataset.charts = 'done'; });
})();`;
