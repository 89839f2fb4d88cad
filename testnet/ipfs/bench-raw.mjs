// Fetches every block of a CAR one by one from a gateway with ?format=raw (concurrency N) and prints MB/s.
//   node bench-raw.mjs GATEWAY_URL CAR_FILE [CONCURRENCY]
import { readFile } from 'node:fs/promises'
import { CarReader } from '@ipld/car'
const [gateway, carFile, conc] = process.argv.slice(2)
const reader = await CarReader.fromBytes(await readFile(carFile))
const cids = []
for await (const b of reader.blocks()) cids.push(b.cid.toString())
let next = 0; let bytes = 0
const t0 = performance.now()
await Promise.all(Array.from({ length: Number(conc ?? 1) }, async () => {
  while (next < cids.length) {
    const cid = cids[next++]
    const res = await fetch(`${gateway}/ipfs/${cid}`, { headers: { accept: 'application/vnd.ipld.raw' } })
    if (!res.ok) throw new Error(`${cid}: ${res.status}`)
    const n = (await res.arrayBuffer()).byteLength
    bytes += n
  }
}))
const s = (performance.now() - t0) / 1000
console.log(JSON.stringify({ blocks: cids.length, bytes, seconds: +s.toFixed(3), MBps: +(bytes / s / 1e6).toFixed(1), blocksPerSec: Math.round(cids.length / s) }))
