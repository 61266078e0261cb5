// livrable: drag and drop onto the upload form, and a message while the check runs.
// The form works without this script (file and folder inputs, a submit button); the script
// only adds what a plain file input cannot do: take a dropped folder with its sub-folders.
(function () {
  "use strict";
  var form = document.getElementById("upload");
  if (!form) {
    return;
  }
  var files = document.getElementById("files");
  var folder = document.getElementById("folder");
  var zone = document.getElementById("drop");
  var status = document.getElementById("status");
  var button = form.querySelector("button[type=submit]");
  zone.querySelector(".drop-hint").hidden = false;

  function say(text) {
    status.textContent = text;
  }

  function ready(count) {
    say(status.dataset.ready.replace("{count}", String(count)));
  }

  // A folder's entries come in batches: read until an empty one.
  function entriesOf(directory) {
    return new Promise(function (resolve, reject) {
      var reader = directory.createReader();
      var all = [];
      (function next() {
        reader.readEntries(function (batch) {
          if (batch.length === 0) {
            resolve(all);
          } else {
            all = all.concat(Array.prototype.slice.call(batch));
            next();
          }
        }, reject);
      })();
    });
  }

  // Every file under `entry`, named by its path from the dropped item (the server takes
  // a folder shared by every file as the submission's name).
  async function collect(entry, out) {
    if (entry.isFile) {
      var file = await new Promise(function (resolve, reject) {
        entry.file(resolve, reject);
      });
      var path = entry.fullPath.replace(/^\/+/, "");
      out.push(new File([file], path, { type: file.type, lastModified: file.lastModified }));
    } else if (entry.isDirectory) {
      var children = await entriesOf(entry);
      for (var i = 0; i < children.length; i++) {
        await collect(children[i], out);
      }
    }
  }

  ["dragenter", "dragover"].forEach(function (type) {
    form.addEventListener(type, function (event) {
      event.preventDefault();
      zone.classList.add("over");
    });
  });
  ["dragleave", "drop"].forEach(function (type) {
    form.addEventListener(type, function () {
      zone.classList.remove("over");
    });
  });

  form.addEventListener("drop", async function (event) {
    event.preventDefault();
    // Entries must be taken while the event lasts, before any await.
    var items = Array.prototype.slice.call(event.dataTransfer.items || []);
    var entries = items
      .map(function (item) {
        return item.webkitGetAsEntry ? item.webkitGetAsEntry() : null;
      })
      .filter(Boolean);
    var dropped = Array.prototype.slice.call(event.dataTransfer.files || []);
    var out = [];
    if (entries.length > 0) {
      for (var i = 0; i < entries.length; i++) {
        await collect(entries[i], out);
      }
    } else {
      out = dropped;
    }
    var transfer = new DataTransfer();
    out.forEach(function (file) {
      transfer.items.add(file);
    });
    files.files = transfer.files;
    folder.value = "";
    ready(out.length);
    button.focus();
  });

  [files, folder].forEach(function (input) {
    input.addEventListener("change", function () {
      ready(files.files.length + folder.files.length);
    });
  });

  form.addEventListener("submit", function () {
    say(status.dataset.working);
    form.classList.add("working");
    // After the form's data is taken: a second click would send everything again.
    setTimeout(function () {
      button.disabled = true;
    }, 0);
  });
})();
