export { createServiceHandlers, type ServiceEnvironment } from './handlers';
export { bindToSender, describeSender } from './sender-scope';
