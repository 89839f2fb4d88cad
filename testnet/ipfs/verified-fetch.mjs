// Fetches ipfs://CID through ONE trustless gateway with @helia/verified-fetch and writes the verified bytes.
//   node verified-fetch.mjs GATEWAY_URL CID OUT [WATCHDOG_MS]
// No libp2p, no public bootstrap peers or resolvers: a light Helia whose only router names the given gateway and
// whose only block broker is the trustless-gateway client (allowed to use plain HTTP on loopback). A wrong block
// makes verified-fetch retry forever rather than fail, so a watchdog exits 3 after WATCHDOG_MS (default 60 s).
import { writeFile } from 'node:fs/promises'
import { createHeliaLight } from 'helia'
import { trustlessGateway } from '@helia/block-brokers'
import { httpGatewayRouting } from '@helia/routers'
import { createVerifiedFetch } from '@helia/verified-fetch'

const [gateway, cid, out, watchdogMs] = process.argv.slice(2)
if (gateway == null || cid == null || out == null) {
  console.error('usage: verified-fetch.mjs GATEWAY_URL CID OUT [WATCHDOG_MS]')
  process.exit(2)
}
setTimeout(() => {
  console.error(`watchdog: no verified answer for ${cid} from ${gateway} within ${watchdogMs ?? 60000} ms`)
  process.exit(3)
}, Number(watchdogMs ?? 60000)).unref()

const helia = createHeliaLight({
  blockBrokers: [trustlessGateway({ allowInsecure: true, allowLocal: true })],
  routers: [httpGatewayRouting({ gateways: [gateway] })]
})
await helia.start?.()
const fetch = await createVerifiedFetch(helia)
const res = await fetch(`ipfs://${cid}`)
if (!res.ok) {
  console.error(`verified-fetch answered ${res.status}: ${await res.text()}`)
  process.exit(1)
}
const bytes = new Uint8Array(await res.arrayBuffer())
await writeFile(out, bytes)
console.log(JSON.stringify({ cid, bytes: bytes.length }))
await fetch.stop?.()
await helia.stop?.()
process.exit(0)
