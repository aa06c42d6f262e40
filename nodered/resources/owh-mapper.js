/**
 * The visual mapper of the owh-map node, in the Node-RED editor: the e-form's and the case's
 * fields on the left, the department system's fields on the right, a line for every rule of the
 * mapping spec. Draw a line (drag a source onto a target, or click one then the other, or pick the
 * source from the list beside the target), choose code tables and transforms from lists, and see
 * the output on the folder's fixtures as you go, with the required targets still unmapped marked.
 *
 * It edits the spec only through OwhMappingModel (mapping-model.js) and checks every edit with the
 * hub's own code (POST owh/mapping/preview): what Done hands back is a spec the hub runs, which
 * the node saves to the mapping file when the flow is deployed (PUT owh/mapping).
 */
(function () {
  'use strict';
  // mapping-model.js is another script of the node's page: the editor may run it after this one, so it is looked up when used.
  const model = () => window.OwhMappingModel;
  const SHORT = 60;

  const short = (value) => {
    if (value === undefined) return '';
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return text.length > SHORT ? `${text.slice(0, SHORT - 1)}…` : text;
  };
  const depthOf = (path) => path.split('.').length - 1;
  const lastOf = (path) => path.split('.').pop();

  function api(method, url, body) {
    return $.ajax({ url, method, contentType: 'application/json', data: body === undefined ? undefined : JSON.stringify(body), dataType: 'json' });
  }
  const errorText = (xhr) => (xhr && xhr.responseJSON && (xhr.responseJSON.message || xhr.responseJSON.code)) || (xhr && xhr.statusText) || 'no answer';

  /** GET the folder's view (spec, fields, samples, fixtures, transforms, code tables). */
  function describe(hub, folder) {
    return $.ajax({ url: 'owh/mapping', data: { hub: hub || '', folder }, dataType: 'json', cache: false });
  }

  function preview(hub, folder, spec, sample) {
    return api('POST', 'owh/mapping/preview', { hub: hub || '', folder, spec, sample });
  }

  function create(hub, form, system) {
    return api('POST', 'owh/mapping/new', { hub: hub || '', form, system });
  }

  function save(hub, folder, spec, acceptFixtures) {
    return api('PUT', 'owh/mapping', { hub: hub || '', folder, spec, acceptFixtures: acceptFixtures || [] });
  }

  /** The problems list: pointer, line and message; a click selects the rule it points into. */
  function renderProblems(container, problems, onPick) {
    container.empty().toggle(problems.length > 0);
    if (problems.length === 0) return;
    $('<div class="owh-mapper-problems-title">').text(`${problems.length} problem${problems.length > 1 ? 's' : ''}: the mapping cannot be saved until they are fixed`).appendTo(container);
    const list = $('<ul>').appendTo(container);
    for (const p of problems) {
      const where = [p.pointer || '(the file)', p.line ? `line ${p.line}` : ''].filter(Boolean).join(', ');
      const li = $('<li class="owh-mapper-problem">').appendTo(list);
      $('<code>').text(where).appendTo(li);
      $('<span>').text(` ${p.message}`).appendTo(li);
      if (onPick && p.pointer) li.addClass('owh-clickable').on('click', () => onPick(p.pointer));
    }
  }

  /** The summary in the node's edit panel: what the mapping is, whether it loads, what it leaves unmapped, its fixtures. */
  function renderSummary(container, view, state) {
    container.empty();
    if (!view) return;
    const head = $('<div class="owh-summary-head">').appendTo(container);
    const spec = state.spec || view.spec || {};
    $('<b>').text(spec.kind || 'mapping').appendTo(head);
    head.append(document.createTextNode(` · ${(view.form && (view.form.title || view.form.id)) || spec.form || ''} → ${(view.system && (view.system.name || view.system.id)) || spec.system || ''}`));
    $('<div class="owh-summary-file">').text(`${view.folder}/${String(view.file).split(/[\\/]/).pop()}`).attr('title', view.file).appendTo(container);
    const problems = state.problems || view.problems;
    const unmapped = state.unmappedRequired || view.unmappedRequired;
    const fixtures = state.fixtures || view.fixtures;
    renderProblems($('<div class="owh-mapper-problems">').appendTo(container), problems);
    const lines = $('<ul class="owh-summary-lines">').appendTo(container);
    $('<li>').text(`${model().flatten(spec).length} rules`).appendTo(lines);
    if (problems.length > 0) {
      // Coverage and fixtures are the loaded mapping's: there is none while the file does not load.
      $('<li>').text('required targets and fixtures: checked once the problems are fixed').appendTo(lines);
      return;
    }
    $('<li>')
      .addClass(unmapped.length > 0 ? 'owh-bad' : 'owh-good')
      .text(unmapped.length > 0 ? `required targets not mapped: ${unmapped.join(', ')}` : 'every required target is mapped')
      .appendTo(lines);
    if (fixtures.length > 0) {
      const passed = fixtures.filter((f) => f.passed).length;
      $('<li>').addClass(passed === fixtures.length ? 'owh-good' : 'owh-bad').text(`fixtures: ${passed}/${fixtures.length} pass`).appendTo(lines);
    }
    if (state.pending) {
      $('<div class="owh-summary-pending">')
        .text(`Edited in the visual mapper: written to ${view.file}${state.accept && state.accept.length ? ` (and the expected output of ${state.accept.join(', ')})` : ''} when you deploy.`)
        .appendTo(container);
    }
  }

  /**
   * Opens the mapper over the node's edit panel. `spec`: the edits not yet deployed, if any.
   * `onDone(spec, acceptFixtures)` gets the edited spec (checked by the hub) when Done is pressed.
   */
  function open(options) {
    const { hub, folder, onDone } = options;
    describe(hub, folder)
      .done((view) => show(view))
      .fail((xhr) => RED.notify(`The mapping ${folder} cannot be opened: ${errorText(xhr)}`, 'error'));

    function show(view) {
      const state = {
        view,
        spec: options.spec ? JSON.parse(JSON.stringify(options.spec)) : JSON.parse(JSON.stringify(view.spec || { kind: 'request', rules: [] })),
        history: [],
        selected: undefined,
        pointer: undefined,
        armed: undefined,
        sample: Object.keys(view.samples || {})[0],
        accept: new Set(options.acceptFixtures || []),
        result: { problems: view.problems || [], unmappedRequired: view.unmappedRequired || [], fixtures: view.fixtures || [], output: undefined },
        inflight: undefined,
        dirtySince: 0,
      };
      let root;
      let els;
      let sidebarWasShown = false;

      RED.tray.show({
        title: `Visual mapper — ${folder}`,
        width: Infinity,
        buttons: [
          { id: 'owh-mapper-cancel', text: 'Cancel', click: () => RED.tray.close() },
          {
            id: 'owh-mapper-done',
            text: 'Done',
            class: 'primary',
            click: () => {
              settled().then(() => {
                if (state.result.problems.length > 0) {
                  RED.notify(`The mapping has ${state.result.problems.length} problem(s): fix them, or Cancel to leave it as it was.`, 'error');
                  return;
                }
                onDone(state.spec, [...state.accept], state.result);
                RED.tray.close();
              });
            },
          },
        ],
        open: (tray) => {
          // The mapper wants the width: the sidebar makes way while it is open.
          sidebarWasShown = RED.menu.isSelected('menu-item-sidebar');
          if (sidebarWasShown) RED.menu.setSelected('menu-item-sidebar', false);
          root = $('<div class="owh-mapper">').appendTo(tray.find('.red-ui-tray-body'));
          build();
          refresh();
        },
        resize: () => drawLines(),
        close: () => {
          $(window).off('resize.owhmapper');
          if (sidebarWasShown) RED.menu.setSelected('menu-item-sidebar', true);
        },
      });

      function build() {
        const head = $('<div class="owh-mapper-head">').appendTo(root);
        const spec = state.spec;
        $('<span class="owh-mapper-title">')
          .text(`${(view.form && (view.form.title || view.form.id)) || spec.form || 'source'} → ${(view.system && (view.system.name || view.system.id)) || spec.system || 'target'}`)
          .appendTo(head);
        $('<span class="owh-mapper-file">').text(`${view.folder}/${String(view.file).split(/[\\/]/).pop()}`).attr('title', view.file).appendTo(head);
        const tools = $('<span class="owh-mapper-tools">').appendTo(head);
        const undo = $('<button type="button" class="red-ui-button owh-mapper-undo"><i class="fa fa-undo"></i> Undo</button>').appendTo(tools);
        undo.on('click', () => {
          if (state.history.length === 0) return;
          state.spec = state.history.pop();
          changed();
        });
        const sampleNames = Object.keys(view.samples || {});
        if (sampleNames.length > 0) {
          $('<label>').text(' Sample ').appendTo(tools);
          const pick = $('<select class="owh-mapper-sample">').appendTo(tools);
          for (const name of sampleNames) $('<option>').val(name).text(name).appendTo(pick);
          pick.val(state.sample).on('change', () => {
            state.sample = pick.val();
            renderSources();
            schedulePreview(0);
          });
        }
        $('<div class="owh-mapper-hint">')
          .text('Drag a field of the case onto a field of the system, or click one and then the other. Click a system field to change its code table, transforms and more.')
          .appendTo(root);
        const problems = $('<div class="owh-mapper-problems">').appendTo(root);
        const main = $('<div class="owh-mapper-main">').appendTo(root);
        const sources = $('<div class="owh-mapper-col owh-mapper-sources">').appendTo(main);
        $('<div class="owh-mapper-col-title">').text('The case and its e-form').appendTo(sources);
        const sourceFilter = $('<input type="search" class="owh-mapper-filter" placeholder="filter">').appendTo(sources);
        const sourceList = $('<ul class="owh-mapper-list">').appendTo(sources);
        const svg = $(document.createElementNS('http://www.w3.org/2000/svg', 'svg')).attr('class', 'owh-mapper-lines').appendTo(main);
        const targets = $('<div class="owh-mapper-col owh-mapper-targets">').appendTo(main);
        $('<div class="owh-mapper-col-title">').text('The department system').appendTo(targets);
        const targetFilter = $('<input type="search" class="owh-mapper-filter" placeholder="filter">').appendTo(targets);
        const targetList = $('<ul class="owh-mapper-list">').appendTo(targets);
        const side = $('<div class="owh-mapper-col owh-mapper-side">').appendTo(main);
        const rule = $('<div class="owh-mapper-rule">').appendTo(side);
        const fixtures = $('<div class="owh-mapper-fixtures">').appendTo(side);
        const output = $('<div class="owh-mapper-output">').appendTo(side);
        els = { problems, sourceList, targetList, svg, rule, fixtures, output, sourceFilter, targetFilter };
        sourceList.on('scroll', drawLines);
        targetList.on('scroll', drawLines);
        sourceFilter.on('input', () => {
          filter(sourceList, sourceFilter.val());
          drawLines();
        });
        targetFilter.on('input', () => {
          filter(targetList, targetFilter.val());
          drawLines();
        });
        $(window).on('resize.owhmapper', drawLines);
      }

      function filter(list, text) {
        const needle = String(text || '').toLowerCase();
        list.children('li').each(function () {
          const li = $(this);
          li.toggle(!needle || li.attr('data-path').toLowerCase().includes(needle) || String(li.attr('title') || '').toLowerCase().includes(needle));
        });
      }

      /** Whatever changed, show it: lists, lines, the selected rule; then check it with the hub. */
      function changed() {
        renderTargets();
        renderRule();
        drawLines();
        schedulePreview(150);
      }

      function commit(edit) {
        let result;
        try {
          result = edit(state.spec);
        } catch (error) {
          RED.notify(error.message, 'warning');
          return;
        }
        state.history.push(state.spec);
        state.spec = result.spec;
        if (result.pointer) state.pointer = result.pointer;
        changed();
      }

      function refresh() {
        renderSources();
        renderTargets();
        renderRule();
        renderResult();
        drawLines();
        schedulePreview(0);
      }

      const sampleData = () => (view.samples || {})[state.sample];

      /** A field's row on either side: indented by depth, its name (`[]` after a list), its title. */
      function fieldRow(list, field, nameSuffix) {
        const li = $('<li class="owh-field">')
          .attr('data-path', field.path)
          .attr('title', field.title || '')
          .css('padding-left', `${6 + depthOf(field.path) * 14}px`)
          .appendTo(list);
        if (field.container) li.addClass(`owh-container owh-container-${field.container}`);
        $('<span class="owh-field-name">').text(lastOf(field.path) + (field.container === 'list' ? '[]' : '') + nameSuffix).appendTo(li);
        if (field.title) $('<span class="owh-field-title">').text(field.title).appendTo(li);
        return li;
      }

      function renderSources() {
        const list = els.sourceList.empty();
        const data = sampleData();
        for (const field of view.sourceFields) {
          const li = fieldRow(list, field, '');
          if (!field.container) $('<span class="owh-field-value">').text(short(model().valueAt(data, field.path))).appendTo(li);
          li.attr('draggable', 'true');
          li.on('dragstart', (e) => {
            e.originalEvent.dataTransfer.setData('text/x-owh-source', field.path);
            e.originalEvent.dataTransfer.effectAllowed = 'link';
          });
          li.on('click', () => {
            state.armed = state.armed === field.path ? undefined : field.path;
            list.children('li').removeClass('owh-armed');
            if (state.armed) li.addClass('owh-armed');
          });
        }
        filter(list, els.sourceFilter.val());
      }

      /** The system's fields, then whatever the rules write that its schema does not name. */
      function targetFields() {
        const fields = view.targetFields.slice();
        const known = new Set(fields.map((f) => f.path));
        for (const entry of model().flatten(state.spec)) {
          if (!known.has(entry.target)) {
            known.add(entry.target);
            fields.push({ path: entry.target, required: false, origin: 'rule', container: entry.kind === 'each' ? 'list' : entry.kind === 'object' ? 'object' : undefined });
          }
        }
        return fields;
      }

      function renderTargets() {
        const list = els.targetList.empty();
        const mapped = model().mappedTargets(state.spec);
        const unmapped = new Set(state.result.unmappedRequired);
        const lines = model().flatten(state.spec);
        for (const field of targetFields()) {
          const li = fieldRow(list, field, field.required ? ' *' : '');
          if (field.required) li.addClass('owh-required');
          if (mapped.has(field.path)) li.addClass('owh-mapped');
          if (unmapped.has(field.path)) li.addClass('owh-unmapped').attr('title', `${field.title || field.path}: required by the system, not mapped`);
          if (field.origin === 'rule') li.addClass('owh-extra').attr('title', 'written by the mapping, not in the system\'s schema');
          if (field.path === state.selected) li.addClass('owh-selected');
          const kinds = lines.filter((e) => e.target === field.path).map((e) => e.kind);
          if (kinds.includes('value')) $('<span class="owh-field-kind" title="a constant">=</span>').appendTo(li);
          if (kinds.includes('concat')) $('<span class="owh-field-kind" title="joined from several fields">+</span>').appendTo(li);
          if (!field.container) $('<span class="owh-field-value">').text(short(model().valueAt(state.result.output, field.path))).appendTo(li);
          li.on('dragover', (e) => {
            e.preventDefault();
            li.addClass('owh-drop');
          });
          li.on('dragleave', () => li.removeClass('owh-drop'));
          li.on('drop', (e) => {
            e.preventDefault();
            li.removeClass('owh-drop');
            const source = e.originalEvent.dataTransfer.getData('text/x-owh-source');
            if (source) connect(source, field);
          });
          li.on('click', () => {
            if (state.armed) {
              const source = state.armed;
              state.armed = undefined;
              els.sourceList.children('li').removeClass('owh-armed');
              connect(source, field);
              return;
            }
            select(field.path);
          });
        }
        filter(list, els.targetFilter.val());
      }

      const sourceField = (path) => view.sourceFields.find((f) => f.path === path);

      /** A line drawn from a source to a target. */
      function connect(source, target) {
        const from = sourceField(source);
        state.selected = target.path;
        if (target.container === 'list' || (from && from.container === 'list')) {
          if (!(target.container === 'list' && from && from.container === 'list')) {
            RED.notify(`${source} → ${target.path}: a list is mapped from a list (each element of one builds an element of the other)`, 'warning');
            return;
          }
          commit((spec) => model().linkList(spec, source, target.path));
          return;
        }
        if (target.container === 'object') {
          RED.notify(`${target.path} is an object: map its fields`, 'warning');
          return;
        }
        commit((spec) => model().link(spec, source, target.path, state.pointer));
      }

      function select(path, pointer) {
        state.selected = path;
        state.pointer = pointer;
        els.targetList.children('li').removeClass('owh-selected');
        els.targetList.children('li').filter((_, el) => el.getAttribute('data-path') === path).addClass('owh-selected');
        renderRule();
        drawLines();
      }

      /** The lines: a curve from each rule's source row to its target row; rows scrolled away are pinned to the list's edge. */
      function drawLines() {
        if (!els) return;
        const svg = els.svg;
        svg.empty();
        const box = svg[0].getBoundingClientRect();
        const width = box.width;
        const rowY = (list, path) => {
          const li = list.children('li').filter((_, el) => el.getAttribute('data-path') === path);
          if (li.length === 0 || !li.is(':visible')) return undefined;
          const r = li[0].getBoundingClientRect();
          const l = list[0].getBoundingClientRect();
          const y = r.top + r.height / 2;
          const pinned = Math.min(Math.max(y, l.top + 2), l.bottom - 2);
          return { y: pinned - box.top, away: pinned !== y };
        };
        for (const entry of model().flatten(state.spec)) {
          const to = rowY(els.targetList, entry.target);
          if (to === undefined) continue;
          for (const source of entry.sources) {
            const from = rowY(els.sourceList, source);
            if (from === undefined) continue;
            // Both ends scrolled away: nothing to see. One end away: drawn faintly, pinned to the list's edge.
            if (from.away && to.away && entry.target !== state.selected) continue;
            const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
            path.setAttribute('d', `M0,${from.y} C${width / 2},${from.y} ${width / 2},${to.y} ${width},${to.y}`);
            const classes = ['owh-line', `owh-line-${entry.kind}`];
            if (from.away || to.away) classes.push('owh-line-away');
            if (entry.target === state.selected) classes.push('owh-line-selected');
            path.setAttribute('class', classes.join(' '));
            path.setAttribute('data-source', source);
            path.setAttribute('data-target', entry.target);
            svg[0].appendChild(path);
          }
        }
      }

      function sourceOptions(select, current, onlyLists) {
        $('<option>').val('').text(onlyLists ? '— pick a list —' : '— pick a field —').appendTo(select);
        const groups = {};
        for (const field of view.sourceFields) {
          if (onlyLists ? field.container !== 'list' : field.container) continue;
          const origin = field.origin === 'form' ? 'e-form' : field.origin === 'case' ? 'case' : 'in the sample';
          groups[origin] = groups[origin] || $('<optgroup>').attr('label', origin).appendTo(select);
          $('<option>').val(field.path).text(field.title ? `${field.path} — ${field.title}` : field.path).appendTo(groups[origin]);
        }
        if (current && select.find('option').filter((_, o) => o.value === current).length === 0) $('<option>').val(current).text(current).appendTo(select);
        select.val(current || '');
      }

      /** The panel of the selected target: its rule(s), or how to map it. */
      function renderRule() {
        const panel = els.rule.empty();
        if (!state.selected) {
          $('<div class="owh-mapper-placeholder">').text('Click a field of the system to see and change how it is filled.').appendTo(panel);
          return;
        }
        const field = targetFields().find((f) => f.path === state.selected) || { path: state.selected };
        const title = $('<div class="owh-rule-title">').appendTo(panel);
        $('<code>').text(field.path).appendTo(title);
        if (field.title) $('<span>').text(` ${field.title}`).appendTo(title);
        if (field.required) $('<span class="owh-badge owh-badge-required">').text('required').appendTo(title);
        const facts = [field.type, field.format, field.enum ? `one of ${field.enum.join(', ')}` : ''].filter(Boolean).join(' · ');
        if (facts) $('<div class="owh-rule-facts">').text(facts).appendTo(panel);
        const entries = model().rulesFor(state.spec, state.selected);
        if (entries.length === 0) {
          renderUnmapped(panel, field);
          return;
        }
        if (entries.length > 1) $('<div class="owh-rule-facts">').text(`${entries.length} rules write this field; each applies when its condition holds.`).appendTo(panel);
        for (const entry of entries) renderEntry(panel, field, entry);
      }

      function renderUnmapped(panel, field) {
        $('<div class="owh-rule-unmapped">').text(field.required ? 'Not mapped, and the system requires it.' : 'Not mapped.').appendTo(panel);
        if (field.container === 'object') return;
        const row = $('<div class="owh-rule-row">').appendTo(panel);
        $('<label>').text(field.container === 'list' ? 'From the list' : 'From').appendTo(row);
        const pick = $('<select class="owh-rule-from">').appendTo(row);
        sourceOptions(pick, '', field.container === 'list');
        pick.on('change', () => {
          if (pick.val()) connect(pick.val(), field);
        });
        if (field.container) return;
        const constant = $('<div class="owh-rule-row">').appendTo(panel);
        $('<label>').text('Or the constant').appendTo(constant);
        const input = $('<input type="text" class="owh-rule-value">').appendTo(constant);
        $('<button type="button" class="red-ui-button">Set</button>')
          .appendTo(constant)
          .on('click', () => commit((spec) => model().setConstant(spec, field.path, input.val())));
      }

      function renderEntry(panel, field, entry) {
        const rule = entry.rule;
        const box = $('<fieldset class="owh-rule">').attr('data-pointer', entry.pointer).appendTo(panel);
        if (entry.pointer === state.pointer) box.addClass('owh-rule-current');
        box.on('focusin click', () => {
          state.pointer = entry.pointer;
        });
        $('<legend>').text(entry.kind === 'each' ? 'a list, one element per source element' : entry.kind === 'object' ? 'an object built by its fields\' rules' : `rule ${entry.pointer}`).appendTo(box);
        if (entry.kind === 'each') {
          const row = $('<div class="owh-rule-row">').appendTo(box);
          $('<label>').text('For each element of').appendTo(row);
          const pick = $('<select class="owh-rule-each">').appendTo(row);
          sourceOptions(pick, entry.sources[0], true);
          pick.on('change', () => pick.val() && commit((spec) => model().linkList(spec, pick.val(), entry.target)));
        } else if (entry.kind !== 'object') {
          renderSource(box, entry);
          if (entry.kind !== 'value') renderCodeTable(box, entry);
          renderTransforms(box, entry);
          textRow(box, 'Default', 'owh-rule-default', rule.default === undefined ? '' : String(rule.default), 'used when the source is missing or empty', (v) => ({ default: v }));
          const req = $('<div class="owh-rule-row">').appendTo(box);
          $('<label>').text('Required').appendTo(req);
          $('<input type="checkbox" class="owh-rule-required">')
            .prop('checked', rule.required === true)
            .appendTo(req)
            .on('change', function () {
              commit((spec) => model().updateRule(spec, entry.pointer, { required: this.checked ? true : undefined }));
            });
          $('<span class="owh-rule-help">').text(' fail the case (OWH_MAPPING_FAILED) rather than leave it out').appendTo(req);
        }
        textRow(box, 'Note', 'owh-rule-note', rule.note || '', 'for people reading the file', (v) => ({ note: v }));
        renderCondition(box, entry);
        $('<button type="button" class="red-ui-button owh-rule-remove"><i class="fa fa-trash"></i> Remove this rule</button>')
          .appendTo(box)
          .on('click', () => commit((spec) => model().removeRule(spec, entry.pointer)));
      }

      function textRow(box, label, cls, value, help, patch) {
        const row = $('<div class="owh-rule-row">').appendTo(box);
        $('<label>').text(label).appendTo(row);
        const input = $('<input type="text">').addClass(cls).val(value).attr('placeholder', help).appendTo(row);
        input.on('change', () => {
          const pointer = row.closest('fieldset').attr('data-pointer');
          commit((spec) => model().updateRule(spec, pointer, patch(input.val())));
        });
      }

      function renderSource(box, entry) {
        const rule = entry.rule;
        const row = $('<div class="owh-rule-row">').appendTo(box);
        $('<label>').text('Value').appendTo(row);
        const kind = $('<select class="owh-rule-kind">').appendTo(row);
        [['from', 'from a field'], ['value', 'a constant'], ['concat', 'fields joined']].forEach(([v, t]) => $('<option>').val(v).text(t).appendTo(kind));
        kind.val(entry.kind === 'value' ? 'value' : entry.kind === 'concat' ? 'concat' : 'from');
        const detail = $('<div class="owh-rule-row owh-rule-source">').appendTo(box);
        const draw = (k) => {
          detail.empty();
          $('<label>').text(k === 'value' ? 'Constant' : k === 'concat' ? 'Join' : 'Field').appendTo(detail);
          if (k === 'from') {
            const pick = $('<select class="owh-rule-from">').appendTo(detail);
            sourceOptions(pick, entry.kind === 'from' ? entry.sources[0] : '');
            pick.on('change', () => pick.val() && commit((spec) => model().link(spec, pick.val(), entry.target, entry.pointer)));
          } else if (k === 'value') {
            const input = $('<input type="text" class="owh-rule-value">').val(rule.value === undefined ? '' : typeof rule.value === 'string' ? rule.value : JSON.stringify(rule.value)).appendTo(detail);
            input.on('change', () => commit((spec) => model().setConstant(spec, entry.target, input.val(), entry.pointer)));
          } else {
            const sources = entry.kind === 'concat' ? entry.sources.slice() : entry.sources.slice(0, 1);
            const list = $('<div class="owh-rule-concat">').appendTo(detail);
            const apply = () => commit((spec) => model().setConcat(spec, entry.pointer, sources.filter(Boolean), sep.val()));
            sources.concat(['']).forEach((s, i) => {
              const pick = $('<select class="owh-rule-concat-part">').appendTo(list);
              sourceOptions(pick, s);
              pick.on('change', () => {
                sources[i] = pick.val();
                apply();
              });
            });
            const sep = $('<input type="text" class="owh-rule-separator" placeholder="separator">').val(rule.separator || '').appendTo(list);
            sep.on('change', apply);
          }
        };
        draw(kind.val());
        kind.on('change', () => draw(kind.val()));
      }

      function renderCodeTable(box, entry) {
        const row = $('<div class="owh-rule-row">').appendTo(box);
        $('<label>').text('Code table').appendTo(row);
        const pick = $('<select class="owh-rule-map">').appendTo(row);
        $('<option>').val('').text('— none —').appendTo(pick);
        const named = $('<optgroup label="this mapping\'s tables">').appendTo(pick);
        const shared = $('<optgroup label="the catalog\'s tables (added to the mapping)">').appendTo(pick);
        const specTables = state.spec.codeTables || {};
        const tables = view.codeTables.slice();
        for (const name of Object.keys(specTables)) if (!tables.some((t) => t.name === name)) tables.push({ name, entries: specTables[name].$file ? {} : specTables[name] });
        for (const table of tables) {
          const inSpec = table.name && specTables[table.name];
          const file = table.file || '';
          const alreadyNamed = !inSpec && Object.values(specTables).some((t) => t && t.$file === file);
          if (alreadyNamed) continue;
          $('<option>')
            .val(inSpec ? `name:${table.name}` : `file:${file}`)
            .text(inSpec ? `${table.name}${file ? ` (${file.split('/').pop()})` : ' (inline)'}` : file.split('/').pop())
            .appendTo(inSpec ? named : shared);
        }
        pick.val(entry.rule.map ? `name:${entry.rule.map}` : '');
        pick.on('change', () => {
          const v = String(pick.val() || '');
          if (!v) return commit((spec) => model().updateRule(spec, entry.pointer, { map: undefined }));
          if (v.startsWith('name:')) return commit((spec) => model().updateRule(spec, entry.pointer, { map: v.slice(5) }));
          commit((spec) => {
            const used = model().useCodeTable(spec, { file: v.slice(5) });
            return model().updateRule(used.spec, entry.pointer, { map: used.name });
          });
        });
        const table = entry.rule.map && tables.find((t) => t.name === entry.rule.map);
        if (table) {
          const codes = Object.entries(table.entries || {});
          const details = $('<details class="owh-rule-table">').appendTo(box);
          $('<summary>').text(`${codes.length} codes`).appendTo(details);
          const t = $('<table>').appendTo(details);
          for (const [from, to] of codes.slice(0, 40)) $('<tr>').append($('<td>').text(from), $('<td>').text('→'), $('<td>').text(String(to))).appendTo(t);
        }
      }

      function renderTransforms(box, entry) {
        const steps = Array.isArray(entry.rule.transform) ? entry.rule.transform : [];
        const row = $('<div class="owh-rule-row owh-rule-transforms">').appendTo(box);
        $('<label>').text('Transforms').appendTo(row);
        const list = $('<ol class="owh-transform-list">').appendTo(row);
        const apply = (next) => commit((spec) => model().updateRule(spec, entry.pointer, { transform: next }));
        steps.forEach((step, i) => {
          const name = Object.keys(step)[0];
          const kind = view.transforms.find((t) => t.name === name) || { name, shape: 'any' };
          const li = $('<li class="owh-transform">').attr('data-transform', name).appendTo(list);
          $('<b>').text(name).attr('title', kind.description || '').appendTo(li);
          const setParam = (value) => {
            const next = steps.slice();
            next[i] = { [name]: value };
            apply(next);
          };
          if (kind.shape === 'text') {
            $('<input type="text" class="owh-transform-param">').val(step[name]).appendTo(li).on('change', function () {
              setParam(this.value);
            });
          } else if (kind.shape === 'object') {
            for (const param of kind.params || []) {
              const current = (step[name] || {})[param.name];
              const input = param.type === 'boolean' ? $('<input type="checkbox">').prop('checked', current === true) : $('<input type="text">').val(current === undefined ? '' : typeof current === 'string' ? current : JSON.stringify(current));
              input.addClass('owh-transform-param').attr('data-param', param.name).attr('placeholder', `${param.name}${param.required ? ' *' : ''}${param.examples ? ` e.g. ${param.examples[0]}` : ''}`).attr('title', param.description || param.name);
              li.append(input);
              input.on('change', () => {
                const value = Object.assign({}, step[name]);
                let v = param.type === 'boolean' ? input.prop('checked') : input.val();
                if (param.type === 'integer' || param.type === 'number') v = v === '' ? undefined : Number(v);
                if (v === undefined || v === '' || v === false) delete value[param.name];
                else value[param.name] = v;
                setParam(value);
              });
            }
          } else if (kind.shape === 'any') {
            $('<input type="text" class="owh-transform-param">').val(JSON.stringify(step[name])).appendTo(li).on('change', function () {
              try {
                setParam(JSON.parse(this.value));
              } catch {
                RED.notify(`${name}: not JSON`, 'warning');
              }
            });
          }
          const move = (d) => {
            const next = steps.slice();
            const [s] = next.splice(i, 1);
            next.splice(Math.max(0, Math.min(next.length, i + d)), 0, s);
            apply(next);
          };
          $('<button type="button" class="red-ui-button red-ui-button-small" title="earlier"><i class="fa fa-arrow-up"></i></button>').appendTo(li).on('click', () => move(-1));
          $('<button type="button" class="red-ui-button red-ui-button-small" title="later"><i class="fa fa-arrow-down"></i></button>').appendTo(li).on('click', () => move(1));
          $('<button type="button" class="red-ui-button red-ui-button-small owh-transform-remove" title="remove"><i class="fa fa-times"></i></button>')
            .appendTo(li)
            .on('click', () => apply(steps.filter((_, j) => j !== i)));
        });
        const add = $('<select class="owh-transform-add">').appendTo(row);
        $('<option>').val('').text('add a transform…').appendTo(add);
        for (const kind of view.transforms) $('<option>').val(kind.name).text(kind.name).attr('title', kind.description || '').appendTo(add);
        add.on('change', () => {
          const kind = view.transforms.find((t) => t.name === add.val());
          if (!kind) return;
          const initial = kind.shape === 'flag' ? true : kind.shape === 'text' ? '' : kind.shape === 'object' ? Object.fromEntries((kind.params || []).filter((p) => p.required).map((p) => [p.name, p.examples ? p.examples[0] : ''])) : {};
          apply(steps.concat([{ [kind.name]: initial }]));
        });
      }

      function renderCondition(box, entry) {
        const row = $('<div class="owh-rule-row">').appendTo(box);
        $('<label>').text('Only when').appendTo(row);
        const input = $('<input type="text" class="owh-rule-when">')
          .val(entry.rule.when ? JSON.stringify(entry.rule.when) : '')
          .attr('placeholder', '{"path": "applicant.type", "equals": "legal-entity"}')
          .appendTo(row);
        input.on('change', () => {
          const text = String(input.val() || '').trim();
          if (!text) return commit((spec) => model().updateRule(spec, entry.pointer, { when: undefined }));
          let when;
          try {
            when = JSON.parse(text);
          } catch (error) {
            input.addClass('input-error');
            RED.notify(`The condition is not JSON: ${error.message}`, 'warning');
            return;
          }
          commit((spec) => model().updateRule(spec, entry.pointer, { when }));
        });
      }

      /** The hub's word on the spec as edited: output on the sample, problems, unmapped, fixtures. */
      function schedulePreview(delay) {
        const mine = ++state.dirtySince;
        clearTimeout(state.timer);
        state.inflight = new Promise((resolve) => {
          state.timer = setTimeout(() => {
            preview(hub, folder, state.spec, state.sample)
              .done((answer) => {
                if (mine !== state.dirtySince) return resolve();
                state.result = answer;
                renderResult();
                renderTargets();
                drawLines();
                resolve();
              })
              .fail((xhr) => {
                state.result = Object.assign({}, state.result, { problems: [{ pointer: '', message: `the hub did not check the mapping: ${errorText(xhr)}` }] });
                renderResult();
                resolve();
              });
          }, delay);
        });
      }

      /** Resolves once the last edit has been checked by the hub. */
      function settled() {
        const last = state.inflight || Promise.resolve();
        return last.then(() => (last === state.inflight ? undefined : settled()));
      }

      function renderResult() {
        const result = state.result;
        renderProblems(els.problems, result.problems || [], (pointer) => {
          const entry = model().ruleOfPointer(state.spec, pointer);
          if (entry) select(entry.target, entry.pointer);
        });
        const fx = els.fixtures.empty();
        $('<div class="owh-mapper-col-title">').text('Fixtures (owh mapping test)').appendTo(fx);
        if ((result.fixtures || []).length === 0) $('<div class="owh-mapper-placeholder">').text('No fixtures in this folder: add fixtures/<name>.input.json and <name>.expected.json.').appendTo(fx);
        for (const fixture of result.fixtures || []) {
          const row = $('<div class="owh-fixture">').attr('data-fixture', fixture.fixture).addClass(fixture.passed ? 'owh-good' : 'owh-bad').appendTo(fx);
          $('<span>').text(`${fixture.passed ? '✓' : '✗'} ${fixture.fixture}`).appendTo(row);
          if (fixture.error) $('<div class="owh-fixture-error">').text(`${fixture.error.code}: ${fixture.error.message}`).appendTo(row);
          const diffs = $('<ul>').appendTo(row);
          for (const d of (fixture.differences || []).slice(0, 8)) $('<li>').append($('<code>').text(d.pointer), document.createTextNode(` expected ${short(d.expected)}, now ${short(d.actual)}`)).appendTo(diffs);
          if (fixture.acceptable) {
            const label = $('<label class="owh-fixture-accept">').appendTo(row);
            $('<input type="checkbox">')
              .prop('checked', state.accept.has(fixture.fixture))
              .appendTo(label)
              .on('change', function () {
                if (this.checked) state.accept.add(fixture.fixture);
                else state.accept.delete(fixture.fixture);
              });
            label.append(document.createTextNode(` this is the new expected output: write ${fixture.fixture}.expected.json on deploy`));
          }
        }
        const out = els.output.empty();
        $('<div class="owh-mapper-col-title">').text(state.sample ? `Output on the fixture '${state.sample}'` : 'Output').appendTo(out);
        $('<pre class="owh-mapper-output-json">').text(result.output === undefined ? '(none: see the problems)' : JSON.stringify(result.output, null, 2)).appendTo(out);
      }
    }
  }

  RED.owhMapper = { open, describe, preview, create, save, renderSummary, renderProblems };
})();
