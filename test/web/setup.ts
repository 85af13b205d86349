import '@testing-library/jest-dom';

// Recharts measures its container with ResizeObserver, which jsdom lacks.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
(globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver ??= ResizeObserverStub;

// react-router needs TextEncoder, which jsdom does not expose.
import { TextDecoder as NodeTextDecoder, TextEncoder as NodeTextEncoder } from 'node:util';
const g = globalThis as unknown as Record<string, unknown>;
g.TextEncoder ??= NodeTextEncoder;
g.TextDecoder ??= NodeTextDecoder;

// jsdom lacks structuredClone; Node's serializer does the same deep copy.
import { deserialize, serialize } from 'node:v8';
g.structuredClone ??= (value: unknown) => deserialize(serialize(value));
