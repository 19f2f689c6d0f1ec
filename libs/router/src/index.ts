export type { Detection, Segment } from './content-detection.types';
export { detectContent } from './content-detector';
export { kindOfName, kindOfPath, type NamedKind, routedKind } from './fence-language';
export { type JsonDocument, recallJsonDocument } from './json-document';
export { guessLanguage, type LanguageGuess } from './language-detector';
export {
  type NumberedLine,
  type NumberedRead,
  type NumberingFormat,
  numberPrefix,
  parseNumberedRead,
  renderNumberedRead,
} from './numbered-read';
export { joinSegments, splitSegments } from './segment-splitter';
