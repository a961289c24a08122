#!/usr/bin/python3
"""tests/crash/rounds.py GVI REPO TOKEN ROUNDS LOG — the kill -9 rounds of tests/crash/run.

Each round starts `gvi serve` on the repository, lets four clients stream person records
through POST /api/v1/person (each on its own keep-alive connection, each record with a unique
code), and at a random moment (0.05–0.8 s in) kills the server with SIGKILL.  A write counts as
acknowledged when its 201 answer arrived.  Then, with Python's own sqlite3 as the independent
reader: PRAGMA integrity_check must say ok, every acknowledged code must be in the person
table, and every person row written by the test must have its "add" entry in the audit log
(a write and its audit land together or not at all).  Writes sent but not acknowledged may or
may not be there; both are right.  The next round's server must open the file again (its
/healthz answering).  Prints one summary line; exits 1 on the first broken promise."""
import http.client, json, os, random, signal, socket, sqlite3, subprocess, sys, threading, time

gvi, repo, token, rounds, log = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
CLIENTS = 4
acked, sent = set(), 0
lock = threading.Lock()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_server():
    for _ in range(10):
        port = free_port()
        proc = subprocess.Popen([gvi, "--repo", repo, "serve", "--listen", f"127.0.0.1:{port}",
                                 "--threads", "2"], stdout=subprocess.DEVNULL,
                                stderr=open(log, "ab"))
        for _ in range(250):
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                c.request("GET", "/healthz")
                if c.getresponse().status == 200:
                    return proc, port
            except OSError:
                pass
            if proc.poll() is not None:
                break
            time.sleep(0.02)
        proc.kill()
        proc.wait()
    sys.exit(f"crash: the server did not start on {repo} (see {log})")


def writer(port, rnd, k, stop):
    global sent
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    i = 0
    while not stop.is_set():
        code = f"K-{rnd}-{k}-{i}"
        body = json.dumps({"code": code, "name": f"Krasch Test {rnd} {k} {i}", "birth": "2008",
                           "area": "Kvarnbacken"})
        try:
            with lock:
                sent += 1
            conn.request("POST", "/api/v1/person", body, {"Authorization": f"Bearer {token}",
                                                           "Content-Type": "application/json",
                                                           "X-GVI-Purpose": "operativ GVI-verksamhet"})
            r = conn.getresponse()
            r.read()
        except (OSError, http.client.HTTPException):
            return   # the server is gone
        if r.status == 201:
            with lock:
                acked.add(code)
        else:
            sys.stderr.write(f"crash: round {rnd}: POST answered {r.status}\n")
            os._exit(1)
        i += 1


def check(rnd):
    db = sqlite3.connect(repo)
    try:
        ic = db.execute("PRAGMA integrity_check").fetchall()
        if ic != [("ok",)]:
            sys.exit(f"crash: round {rnd}: integrity_check says {ic}")
        codes = {c for (c,) in db.execute("SELECT code FROM person WHERE code LIKE 'K-%'")}
        lost = acked - codes
        if lost:
            sys.exit(f"crash: round {rnd}: {len(lost)} acknowledged writes lost, e.g. {sorted(lost)[:5]}")
        unaudited = db.execute(
            "SELECT count(*) FROM person p WHERE p.code LIKE 'K-%' AND NOT EXISTS (SELECT 1 FROM "
            "audit a WHERE a.entity = 'person' AND a.action = 'add' AND a.record_id = p.id)").fetchone()[0]
        if unaudited:
            sys.exit(f"crash: round {rnd}: {unaudited} person rows without their audit entry")
        return len(codes)
    finally:
        db.close()


random.seed(int(os.environ.get("CRASH_SEED", "0")) or None)
t0 = time.time()
present = 0
for rnd in range(1, rounds + 1):
    proc, port = start_server()
    stop = threading.Event()
    threads = [threading.Thread(target=writer, args=(port, rnd, k, stop)) for k in range(CLIENTS)]
    for t in threads:
        t.start()
    time.sleep(random.uniform(0.05, 0.8))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stop.set()
    for t in threads:
        t.join()
    present = check(rnd)
proc, port = start_server()   # the file opens once more after the last kill
proc.send_signal(signal.SIGTERM)
proc.wait()
print(f"crash: {rounds} kill -9 rounds in {time.time() - t0:.0f} s: {sent} writes sent, "
      f"{len(acked)} acknowledged, {len(acked)} present after the kills (0 lost), "
      f"{present - len(acked)} unacknowledged also present; integrity_check ok every round")
