// `import` in Node: the CommonJS build, re-exported (Node shares one instance between both).
import cjs from '../dist/cjs/index.node.js';

export const {
  EventBridge,
  Matcher,
  EventBridgeServiceError,
  init,
  initSync,
  renderTargetInput,
  createRequestHandler,
} = cjs;
export default cjs;
