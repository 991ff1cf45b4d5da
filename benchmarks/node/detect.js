// Reads one host per line on stdin; prints one JSON line per host with MetaMask's verdict,
// then a final line with the time spent in checkDomain (ms).
const PhishingDetector = require("eth-phishing-detect/src/detector");
const config = require("eth-phishing-detect/src/config.json");
const detector = new PhishingDetector(config);
const lines = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean);
const started = process.hrtime.bigint();
const out = lines.map((host) => {
  const r = detector.check(host);
  return JSON.stringify({ host, blocked: r.result, type: r.type });
});
const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(out.join("\n") + "\n" + JSON.stringify({ elapsed_ms: elapsed, count: lines.length }) + "\n");
