export type { Detection, Segment } from './content-detection.types';
export { detectContent } from './content-detector';
export { guessLanguage, type LanguageGuess } from './language-detector';
export { joinSegments, splitSegments } from './segment-splitter';
