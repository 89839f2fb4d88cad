// A minimal Kubo-compatible HTTP RPC API (the subset the IPFS bridge uses) on top of Helia's UnixFS and CAR
// libraries with an in-memory blockstore: a real IPFS implementation doing the DAG work, on 127.0.0.1 only.
//   node rpc.mjs [--port N]     prints "RPC API server listening on http://127.0.0.1:PORT" then "Daemon is ready"
// Endpoints (POST, like Kubo): /api/v0/version, /api/v0/id, /api/v0/add (multipart "file"; cid-version, raw-leaves,
// chunker=size-N), /api/v0/cat?arg=, /api/v0/block/get?arg=, /api/v0/dag/export?arg= (CARv1),
// /api/v0/dag/import (multipart CAR; answers {"Root":{"Cid":{"/":...}}}).
// Fault injection for tests (env IPFS_RPC_FAULT): "corrupt-block" flips a byte of one raw block in dag/export and
// block/get; "truncate-car" cuts the dag/export body in half.
import { createServer } from 'node:http'
import { Readable } from 'node:stream'
import { unixfs } from '@helia/unixfs'
import { car } from '@helia/car'
import { CarReader, CarWriter } from '@ipld/car'
import { MemoryBlockstore } from 'blockstore-core'
import { defaultLogger } from '@libp2p/logger'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import { CID } from 'multiformats/cid'
import { base32 } from 'multiformats/bases/base32'
import * as dagPb from '@ipld/dag-pb'
import * as raw from 'multiformats/codecs/raw'

const fault = process.env.IPFS_RPC_FAULT ?? ''
const blockstore = new MemoryBlockstore()
const codecs = { [dagPb.code]: dagPb, [raw.code]: raw }
const components = {
  blockstore,
  logger: defaultLogger(),
  getCodec: async (code) => {
    const c = codecs[code]
    if (c == null) throw new Error(`no codec 0x${code.toString(16)}`)
    return c
  }
}
const fs = unixfs(components)
const cars = car(components)

async function getBlock (cid) {
  const parts = []
  for await (const p of blockstore.get(cid)) parts.push(p)
  return Buffer.concat(parts)
}

async function collect (iterable) {
  const parts = []
  for await (const p of iterable) parts.push(p)
  return Buffer.concat(parts)
}

function corrupt (bytes) {
  const copy = Buffer.from(bytes)
  copy[copy.length >> 1] ^= 0x01
  return copy
}

async function exportCar (root) {
  const bytes = await collect(cars.export(root))
  if (fault === 'truncate-car') return bytes.subarray(0, bytes.length >> 1)
  if (fault !== 'corrupt-block') return bytes
  // Rewrite the CAR with the last raw leaf's bytes altered (same CID): well-formed, but one block lies.
  const reader = await CarReader.fromBytes(bytes)
  const blocks = []
  for await (const b of reader.blocks()) blocks.push(b)
  const victim = blocks.map(b => b.cid.code).lastIndexOf(raw.code)
  const { writer, out } = CarWriter.create(await reader.getRoots())
  const body = collect(out)
  for (let i = 0; i < blocks.length; i++) {
    await writer.put({ cid: blocks[i].cid, bytes: i === victim ? corrupt(blocks[i].bytes) : blocks[i].bytes })
  }
  await writer.close()
  return body
}

async function formFile (req, url) {
  const request = new Request(url, { method: 'POST', headers: req.headers, body: Readable.toWeb(req), duplex: 'half' })
  const form = await request.formData()
  for (const [, value] of form) {
    if (typeof value !== 'string') return value
  }
  throw new Error('multipart body has no file part')
}

function argCid (url) {
  const arg = url.searchParams.get('arg')
  if (arg == null) throw Object.assign(new Error('argument "arg" is required'), { status: 400 })
  return CID.parse(arg.replace(/^\/ipfs\//, '').split('/')[0])
}

const json = (res, status, value) => {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(value) + '\n')
}

const routes = {
  '/api/v0/version': async (req, res) => json(res, 200, { Version: 'helia-rpc-0.1.0', System: 'node' }),
  '/api/v0/id': async (req, res) => json(res, 200, { ID: 'helia-rpc', Addresses: [] }),
  '/api/v0/add': async (req, res, url) => {
    const file = await formFile(req, url)
    const chunker = url.searchParams.get('chunker') ?? 'size-262144'
    const chunkSize = Number(/^size-(\d+)$/.exec(chunker)?.[1] ?? NaN)
    if (!(chunkSize > 0)) throw Object.assign(new Error(`unsupported chunker ${chunker}`), { status: 400 })
    const v1 = url.searchParams.get('cid-version') === '1'
    const rawLeaves = url.searchParams.has('raw-leaves') ? url.searchParams.get('raw-leaves') === 'true' : v1
    const cid = await fs.addByteStream(Readable.fromWeb(file.stream()), {
      cidVersion: v1 ? 1 : 0,
      rawLeaves,
      chunker: fixedSize({ chunkSize }),
      layout: balanced({ maxChildrenPerNode: 174 }),
      reduceSingleLeafToSelf: true
    })
    const stat = await fs.stat(cid)
    json(res, 200, { Name: file.name, Hash: v1 ? cid.toString(base32) : cid.toString(), Size: String(stat.size ?? stat.fileSize ?? 0) })
  },
  '/api/v0/cat': async (req, res, url) => {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' })
    for await (const chunk of fs.cat(argCid(url))) res.write(chunk)
    res.end()
  },
  '/api/v0/block/get': async (req, res, url) => {
    const cid = argCid(url)
    let bytes = await getBlock(cid)
    if (fault === 'corrupt-block') bytes = corrupt(bytes)
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' })
    res.end(bytes)
  },
  '/api/v0/dag/export': async (req, res, url) => {
    const body = await exportCar(argCid(url))
    res.writeHead(200, { 'Content-Type': 'application/vnd.ipld.car' })
    res.end(body)
  },
  '/api/v0/dag/import': async (req, res, url) => {
    const file = await formFile(req, url)
    const reader = await CarReader.fromBytes(new Uint8Array(await file.arrayBuffer()))
    await cars.import(reader) // verifies every block against its CID
    res.writeHead(200, { 'Content-Type': 'application/json' })
    for (const root of await reader.getRoots()) {
      res.write(JSON.stringify({ Root: { Cid: { '/': root.toString() }, PinErrorMsg: '' } }) + '\n')
    }
    res.end()
  }
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1')
  const route = routes[url.pathname]
  if (route == null) return json(res, 404, { Message: `unknown endpoint ${url.pathname}`, Code: 0, Type: 'error' })
  if (req.method !== 'POST') return json(res, 405, { Message: `${req.method} not allowed: the RPC API takes POST`, Code: 0, Type: 'error' })
  try {
    await route(req, res, url)
  } catch (e) {
    if (!res.headersSent) json(res, e.status ?? 500, { Message: String(e.message ?? e), Code: 0, Type: 'error' })
    else res.destroy(e)
  }
})

const portArg = process.argv.indexOf('--port')
server.listen(portArg > 0 ? Number(process.argv[portArg + 1]) : 0, '127.0.0.1', () => {
  console.log(`RPC API server listening on http://127.0.0.1:${server.address().port}`)
  console.log('Daemon is ready')
})
for (const s of ['SIGTERM', 'SIGINT']) process.on(s, () => server.close(() => process.exit(0)))
