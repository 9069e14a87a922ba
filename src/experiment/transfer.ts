/** Moving a prepared dataset into the browser page: typed arrays travel as base64 strings. */
import type { PreparedDataset } from '../data/prepare-core';

type Typed = Float32Array | Uint8Array | Int32Array;

function toBase64(array: Typed): string {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64<T extends Typed>(text: string, ctor: { new (buffer: ArrayBuffer): T }): T {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new ctor(bytes.buffer);
}

export interface PreparedTransfer {
  meta: Omit<PreparedDataset, 'data' | 'train' | 'validation' | 'test'> & { data: Omit<PreparedDataset['data'], 'features' | 'labels'> };
  features: string;
  labels: string;
  train: string;
  validation: string;
  test: string;
}

export function encodePrepared(p: PreparedDataset): PreparedTransfer {
  const { features, labels, ...dataMeta } = p.data;
  const { data: _data, train, validation, test, ...rest } = p;
  return {
    meta: { ...rest, data: dataMeta },
    features: toBase64(features),
    labels: toBase64(labels),
    train: toBase64(train),
    validation: toBase64(validation),
    test: toBase64(test),
  };
}

export function decodePrepared(t: PreparedTransfer): PreparedDataset {
  return {
    ...t.meta,
    data: { ...t.meta.data, features: fromBase64(t.features, Float32Array), labels: fromBase64(t.labels, Uint8Array) },
    train: fromBase64(t.train, Int32Array),
    validation: fromBase64(t.validation, Int32Array),
    test: fromBase64(t.test, Int32Array),
  };
}
