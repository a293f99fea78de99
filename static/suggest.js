/* suggest.js - suggestions for the procedure search box.  Only an
   enhancement: without JavaScript the form searches normally. */
(function () {
  var input = document.querySelector('input[data-suggest]');
  if (!input || !window.fetch) return;
  var list = document.getElementById(input.getAttribute('list'));
  var timer = null;
  var last = '';
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value.trim();
      if (q.length < 2 || q === last) return;
      last = q;
      fetch(input.getAttribute('data-suggest') + '?q=' + encodeURIComponent(q))
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (data) {
          list.textContent = '';
          data.items.forEach(function (item) {
            var opt = document.createElement('option');
            opt.value = item.name;
            list.appendChild(opt);
          });
        })
        .catch(function () {});
    }, 200);
  });
})();
