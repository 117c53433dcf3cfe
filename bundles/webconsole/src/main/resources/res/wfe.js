// Workflow engine pages: confirmation of dangerous forms, live log and timeline of a running job, a fan-out's live grid.
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('form[data-confirm]').forEach(function (f) {
      f.addEventListener('submit', function (e) {
        if (!window.confirm(f.getAttribute('data-confirm'))) { e.preventDefault(); }
      });
    });
    var fanout = document.getElementById('wfe-fanout');
    if (fanout && fanout.getAttribute('data-final') !== 'true') {
      // a fan-out's grid and counts, re-rendered by the server every second until its parent job ends
      var pollFanout = function () {
        fetch(fanout.getAttribute('data-poll'), { credentials: 'same-origin', cache: 'no-store' }).then(function (r) {
          if (!r.ok) { throw new Error('HTTP ' + r.status); }
          return r.json();
        }).then(function (d) {
          fanout.innerHTML = d.html;
          document.getElementById('wfe-status').innerHTML = d.badge;
          if (d.final) { fanout.setAttribute('data-final', 'true'); } else { setTimeout(pollFanout, 1000); }
        }).catch(function () { setTimeout(pollFanout, 3000); });
      };
      setTimeout(pollFanout, 1000);
    }
    var log = document.getElementById('wfe-log');
    if (!log || log.getAttribute('data-final') === 'true') { return; }
    var tree = document.getElementById('wfe-tree');
    var status = document.getElementById('wfe-status');
    var kill = document.getElementById('wfe-kill');
    var poll = function () {
      var url = log.getAttribute('data-poll') + '&from=' + encodeURIComponent(log.getAttribute('data-next'))
        + '&signature=' + encodeURIComponent(tree.getAttribute('data-signature'));
      fetch(url, { credentials: 'same-origin', cache: 'no-store' }).then(function (r) {
        if (!r.ok) { throw new Error('HTTP ' + r.status); }
        return r.json();
      }).then(function (d) {
        var atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
        d.lines.forEach(function (l) { log.appendChild(document.createTextNode(l + '\n')); });
        if (atBottom) { log.scrollTop = log.scrollHeight; }
        log.setAttribute('data-next', d.next);
        if (d.tree) { tree.innerHTML = d.tree; } // rendered and escaped by the server
        tree.setAttribute('data-signature', d.signature);
        status.innerHTML = d.badge;
        Object.keys(d.text || {}).forEach(function (id) {
          var el = document.getElementById(id);
          if (el) { el.textContent = d.text[id]; }
        });
        if (d.final) {
          log.setAttribute('data-final', 'true');
          if (kill) { kill.remove(); }
        } else {
          setTimeout(poll, 1000);
        }
      }).catch(function () { setTimeout(poll, 3000); });
    };
    setTimeout(poll, 1000);
  });
})();
