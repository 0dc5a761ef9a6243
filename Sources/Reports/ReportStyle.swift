/// The page's inline style sheet: system fonts, restrained greys with one accent, tables
/// with tabular figures, a responsive layout for narrow screens and a print layout.
enum ReportStyle {
    static let css = """
    :root { --fg: #1d1f21; --muted: #5b6168; --rule: #d5d9de; --soft: #f4f6f8; --accent: #0072B2; --warn: #D55E00; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
    body { margin: 0; color: var(--fg); background: #fff;
      font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif; }
    main { max-width: 72rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
    header { border-bottom: 2px solid var(--fg); padding-bottom: .8rem; margin-bottom: 1rem; }
    h1 { font-size: 1.65rem; line-height: 1.25; margin: 0 0 .3rem; font-weight: 650; letter-spacing: -.01em; }
    h2 { font-size: 1.2rem; margin: 2.4rem 0 .7rem; padding-bottom: .3rem; border-bottom: 1px solid var(--rule); }
    h3 { font-size: 1rem; margin: 1.5rem 0 .4rem; }
    p { margin: .5rem 0; max-width: 46rem; }
    .question { font-size: 1.08rem; border-left: 3px solid var(--accent); background: var(--soft); padding: .6rem .9rem; margin: 1rem 0; max-width: none; }
    .meta, .note, figcaption, .caption { color: var(--muted); font-size: .85rem; }
    .caption { margin: .8rem 0 .35rem; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    nav.toc ul { list-style: none; padding: 0; margin: .6rem 0 0; display: flex; flex-wrap: wrap; gap: .2rem 1.1rem; font-size: .9rem; }
    a { color: var(--accent); }
    .table-wrap { overflow-x: auto; margin: .4rem 0 1.2rem; -webkit-overflow-scrolling: touch; }
    table { border-collapse: collapse; font-size: .87rem; }
    th, td { padding: .32rem .55rem; border-bottom: 1px solid var(--rule); vertical-align: top; text-align: left; }
    thead th { border-bottom: 2px solid var(--fg); font-weight: 600; vertical-align: bottom; }
    thead tr.groups th { border-bottom: 1px solid var(--rule); text-align: center; font-weight: 600; }
    thead tr.groups td { border-bottom: none; }
    tbody th { font-weight: 500; }
    .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    .ci { display: block; color: var(--muted); font-size: .8em; }
    .kv thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    .kv tbody th { color: var(--muted); font-weight: 500; width: 42%; }
    .setup-grid .caption { color: var(--fg); font-weight: 600; font-size: .9rem; margin-bottom: .1rem; }
    .kv td { font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
    .setup-grid table { width: 100%; }
    td .path, th .path { overflow-wrap: normal; white-space: nowrap; }
    .kv td .path { white-space: normal; overflow-wrap: anywhere; }
    .setup-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(19rem, 1fr)); gap: 0 2rem; }
    .setup-grid .table-wrap { margin-top: 0; }
    code, .path { font-family: ui-monospace, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: .85em; overflow-wrap: anywhere; }
    .chart-figure { margin: .8rem 0 1.4rem; }
    svg.chart { width: 100%; max-width: 720px; height: auto; display: block; font-family: inherit; }
    svg.chart .grid { stroke: #e3e6ea; stroke-width: 1; }
    svg.chart .axis { stroke: var(--fg); stroke-width: 1; }
    svg.chart .tick { font-size: 15px; fill: var(--muted); }
    svg.chart .label { font-size: 16px; fill: var(--fg); }
    svg.chart .band { fill-opacity: .08; stroke: none; }
    svg.chart .line { fill: none; stroke-width: 2.2; stroke-linejoin: round; }
    ul.legend { list-style: none; padding: 0; margin: .4rem 0; display: flex; flex-wrap: wrap; gap: .3rem 1.4rem; font-size: .88rem; }
    ul.legend li { display: flex; align-items: center; gap: .45rem; }
    .fixed, .better { color: var(--accent); font-weight: 600; }
    .broken, .worse { color: var(--warn); font-weight: 600; }
    .tag { font-size: .75em; padding: 0 .3em; border: 1px solid currentColor; border-radius: 3px; margin-left: .3em; }
    .strip { border: 1px solid var(--rule); border-radius: 4px; padding: .6rem .7rem .7rem; margin: .9rem 0; break-inside: avoid; }
    .strip h3 { margin: 0 0 .5rem; font-size: .92rem; font-weight: 600; }
    .strip h3 .meta { font-weight: 400; }
    .cells { display: flex; flex-wrap: wrap; gap: .6rem; }
    .cell { margin: 0; width: 112px; text-align: center; }
    .cell img, .cell .missing { width: 104px; height: 104px; display: block; margin: 0 auto .25rem; border: 1px solid var(--rule); image-rendering: pixelated; object-fit: contain; background: var(--soft); }
    .cell .missing { display: flex; align-items: center; justify-content: center; color: var(--muted); font-size: .75rem; padding: .3rem;
      background: repeating-linear-gradient(45deg, #eef0f2, #eef0f2 6px, #f8f9fa 6px, #f8f9fa 12px); }
    .cell figcaption { font-size: .76rem; line-height: 1.3; color: var(--fg); overflow-wrap: anywhere; }
    .cell figcaption .meta { display: block; font-size: .72rem; }
    .warnings { border-left: 3px solid var(--warn); padding: .3rem .8rem; background: #fdf3ec; font-size: .85rem; }
    footer { margin-top: 3rem; padding-top: .8rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: .82rem; }
    @media (max-width: 640px) {
      body { font-size: 14px; }
      main { padding: 1.1rem .8rem 2rem; }
      h1 { font-size: 1.35rem; }
      th, td { padding: .28rem .45rem; }
      .cell { width: 84px; }
      .cell img, .cell .missing { width: 78px; height: 78px; }
      .table-wrap tbody th[scope="row"], .table-wrap thead tr:last-child th:first-child { position: sticky; left: 0; background: #fff; z-index: 1; box-shadow: inset 0 -1px 0 var(--rule), inset -1px 0 0 var(--rule); }
    }
    @media print {
      body { font-size: 9.5pt; }
      main { max-width: none; padding: 0; }
      nav.toc { display: none; }
      h2, h3, .caption { break-after: avoid; page-break-after: avoid; }
      table, figure, .strip, tr { break-inside: avoid; page-break-inside: avoid; }
      .table-wrap { overflow: visible; }
      a { color: inherit; text-decoration: none; }
      svg.chart { max-width: 16cm; }
      * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }
    """
}
