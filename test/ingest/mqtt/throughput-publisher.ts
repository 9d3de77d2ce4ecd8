// The publisher of throughput.ts, in its own process (so the subscriber's event loop measures TREC alone):
// RATE canonical 1-minute readings per second for SECONDS, round robin over the TOPICS (a JSON array), QoS 1,
// PER readings to a message (an array when more than 1).
import mqtt from 'mqtt';

const [url = '', rateText = '5000', secondsText = '60', topicsJson = '[]', perText = '1'] =
  process.argv.slice(2);
const per = Number(perText);
const topics = JSON.parse(topicsJson) as string[];
const rate = Number(rateText);
const seconds = Number(secondsText);
const pub = await mqtt.connectAsync(url, {
  clientId: `trec-throughput-pub-${process.pid}`,
  protocolVersion: 5,
});
const t0 = Date.now();
const start = Date.UTC(2024, 0, 1);
let sent = 0;
const perTopic = topics.map(() => 0);
while (Date.now() - t0 < seconds * 1000) {
  const due = Math.floor(((Date.now() - t0) / 1000) * rate);
  const acks: Promise<unknown>[] = [];
  for (; sent < due; sent += per) {
    // message m carries readings m*per .. m*per+per-1 of its meter
    const m = sent / per;
    const meter = m % topics.length;
    const readings = [];
    for (let j = 0; j < per; j++) {
      const k = Math.floor(m / topics.length) * per + j;
      const on = Math.sin(k / 50) > -0.3;
      readings.push({
        time: new Date(start + k * 60_000).toISOString(),
        flow_lpm: on ? 20 + (k % 7) / 10 : 0,
        supply_c: 40 + (k % 11) / 10,
        return_c: on ? 35 : 39.9,
        elec_kw: on ? 1.5 : 0.01,
      });
    }
    perTopic[meter]! += per;
    const payload = JSON.stringify(per === 1 ? readings[0] : readings);
    acks.push(pub.publishAsync(topics[meter]!, payload, { qos: 1 }));
  }
  await Promise.all(acks);
  await new Promise((r) => setTimeout(r, 5));
}
process.stdout.write(`${JSON.stringify({ sent, seconds: (Date.now() - t0) / 1000, perTopic })}\n`);
await pub.endAsync();
