# workerd configuration of the test worker: the esbuild bundle of worker.js (built with
# the `workerd` condition, the `.wasm` import kept as a file), the wasm module it imports
# and the user's TOTP secret. The test gives the address: --socket-addr http=127.0.0.1:N.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:8080", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "dist/worker.js"),
    (name = "promptward_bg.wasm", wasm = embed "dist/promptward_bg.wasm"),
  ],
  bindings = [
    # The ASCII secret of RFC 6238's test vectors, in base32.
    (name = "TOTP_SECRET", text = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
  ],
  compatibilityDate = "2026-01-01",
);
