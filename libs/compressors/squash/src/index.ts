export { DEFAULT_LOG_OPTIONS, LogSquasher, type LogSquasherOptions } from './log-squasher';
export { type LogLevel, isSevere, isStackLine, levelOf } from './log-level';
