// The real IPFS implementation the bridge tests compare against: Helia's UnixFS importer/exporter and CAR
// import/export over an in-memory blockstore (no libp2p, no network).
//   node ipfs.mjs cid FILE...            one CIDv1 (base32) per line, as `ipfs add --cid-version=1`
//   node ipfs.mjs export-car FILE OUT    adds FILE, writes its DAG (dag-scope all, dfs order) as a CARv1
//   node ipfs.mjs import-car CAR OUT     imports a CARv1, cats its single root as UnixFS to OUT
import { createReadStream, createWriteStream } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { unixfs } from '@helia/unixfs'
import { car } from '@helia/car'
import { CarReader } from '@ipld/car'
import { MemoryBlockstore } from 'blockstore-core'
import { defaultLogger } from '@libp2p/logger'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import * as dagPb from '@ipld/dag-pb'
import * as raw from 'multiformats/codecs/raw'

// The classic `ipfs add --cid-version=1` profile: 256 KiB chunks, 174 links, raw leaves.
// IPFS_CHUNK_SIZE / IPFS_MAX_LINKS override the two numbers (tests use tiny values to build deep DAGs cheaply).
const addOptions = {
  cidVersion: 1,
  rawLeaves: true,
  chunker: fixedSize({ chunkSize: Number(process.env.IPFS_CHUNK_SIZE ?? 262144) }),
  layout: balanced({ maxChildrenPerNode: Number(process.env.IPFS_MAX_LINKS ?? 174) }),
  reduceSingleLeafToSelf: true
}

function components () {
  const blockstore = new MemoryBlockstore()
  const codecs = { [dagPb.code]: dagPb, [raw.code]: raw }
  return {
    blockstore,
    logger: defaultLogger(),
    getCodec: async (code) => {
      const c = codecs[code]
      if (c == null) throw new Error(`no codec 0x${code.toString(16)}`)
      return c
    }
  }
}

async function add (fs, file) {
  return fs.addByteStream(createReadStream(file, { highWaterMark: 1 << 20 }), addOptions)
}

const [cmd, ...args] = process.argv.slice(2)
if (cmd === 'cid') {
  for (const file of args) {
    const fs = unixfs(components())
    console.log((await add(fs, file)).toString())
  }
} else if (cmd === 'export-car') {
  const c = components()
  const root = await add(unixfs(c), args[0])
  await pipeline(Readable.from(car(c).export(root)), createWriteStream(args[1]))
  console.log(root.toString())
} else if (cmd === 'import-car') {
  const c = components()
  const reader = await CarReader.fromBytes(await readFile(args[0]))
  const roots = await reader.getRoots()
  if (roots.length !== 1) throw new Error(`expected one root, got ${roots.length}`)
  // @helia/car's import verifies every block against its CID while putting it.
  await car(c).import(reader)
  const chunks = []
  for await (const chunk of unixfs(c).cat(roots[0])) chunks.push(chunk)
  await writeFile(args[1], Buffer.concat(chunks))
  console.log(roots[0].toString())
} else {
  console.error('usage: ipfs.mjs cid FILE... | export-car FILE OUT | import-car CAR OUT')
  process.exit(2)
}
