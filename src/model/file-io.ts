/**
 * TensorFlow.js model files on the local file system. Pure `@tensorflow/tfjs` has no file IO in
 * Node (only tfjs-node registers `file://`), so these handlers read and write the standard layout
 * themselves: `model.json` (topology plus a weights manifest) and the binary weight files it
 * names (`weights.bin` when written here). Layers and graph models use the same layout.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, normalize, sep } from 'node:path';
import type { io } from '@tensorflow/tfjs';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';

/** The model file name inside a model folder. */
export const MODEL_JSON = 'model.json';
/** The weights file name written by {@link fileSystemHandler}. */
export const WEIGHTS_BIN = 'weights.bin';

/** Reads and parses `DIR/model.json`, with errors that name the file. */
export function readModelJson(dir: string): io.ModelJSON {
  const path = join(dir, MODEL_JSON);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new InputError('model_not_found', `Cannot find the model file "${path}".`, {
      file: path,
      hint: 'Give the folder holding model.json and its weights (write one with `fairprobe train`).',
    });
  }
  try {
    const json = JSON.parse(text) as io.ModelJSON;
    if (typeof json !== 'object' || json === null || !json.modelTopology) throw new Error('no modelTopology');
    return json;
  } catch (e) {
    throw new InputError('bad_model_json', `"${path}" is not a TensorFlow.js model.json.`, {
      file: path,
      hint: `It must be JSON with "modelTopology" and "weightsManifest" (${e instanceof Error ? e.message : e}).`,
    });
  }
}

/** A weight file path from the manifest, refused when it leaves the model folder. */
function weightPath(dir: string, p: string): string {
  const rel = normalize(p);
  if (isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`)) {
    throw new InputError('bad_weights_path', `The weights path "${p}" leaves the model folder.`, {
      file: join(dir, MODEL_JSON),
      hint: 'Weight files must sit in the folder of model.json (relative paths only).',
    });
  }
  return join(dir, rel);
}

/**
 * An `io.IOHandler` over a model folder: `load()` reads `model.json` and every weight file its
 * manifest names (concatenated in manifest order); `save()` writes `weights.bin` and `model.json`
 * atomically (weights first, so a reader never finds a model.json without its weights).
 * @example
 * const model = await tf.loadLayersModel(fileSystemHandler('models/lead'));
 * await model.save(fileSystemHandler('models/copy'));
 */
export function fileSystemHandler(dir: string): io.IOHandler {
  return {
    async load() {
      const tf = await import('@tensorflow/tfjs');
      const json = readModelJson(dir);
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          for (const p of group.paths) {
            const file = weightPath(dir, p);
            let bytes: Buffer;
            try {
              bytes = readFileSync(file);
            } catch {
              throw new InputError('weights_not_found', `Cannot find the weights file "${file}".`, {
                file,
                hint: 'Copy every file named in model.json\'s "weightsManifest" next to it.',
              });
            }
            buffers.push(
              bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
            );
          }
        }
        return [tf.io.getWeightSpecs(manifest), tf.io.concatenateArrayBuffers(buffers)];
      });
    },
    async save(artifacts) {
      const tf = await import('@tensorflow/tfjs');
      const data = artifacts.weightData;
      const bytes =
        data === undefined
          ? new ArrayBuffer(0)
          : tf.io.concatenateArrayBuffers(Array.isArray(data) ? data : [data as ArrayBuffer]);
      const manifest: io.WeightsManifestConfig = [
        { paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] },
      ];
      const json: io.ModelJSON = {
        modelTopology: artifacts.modelTopology as io.ModelJSON['modelTopology'],
        weightsManifest: manifest,
        ...(artifacts.format !== undefined ? { format: artifacts.format } : {}),
        ...(artifacts.generatedBy !== undefined ? { generatedBy: artifacts.generatedBy } : {}),
        ...(artifacts.convertedBy !== undefined ? { convertedBy: artifacts.convertedBy } : {}),
        ...(artifacts.trainingConfig !== undefined ? { trainingConfig: artifacts.trainingConfig } : {}),
        ...(artifacts.signature !== undefined ? { signature: artifacts.signature } : {}),
        ...(artifacts.userDefinedMetadata !== undefined
          ? { userDefinedMetadata: artifacts.userDefinedMetadata }
          : {}),
      };
      writeFileAtomic(join(dir, WEIGHTS_BIN), new Uint8Array(bytes));
      writeFileAtomic(join(dir, MODEL_JSON), `${JSON.stringify(json)}\n`);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}
