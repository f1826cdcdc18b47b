/** The small part of dcmjs (which ships no types) the synthetic studies and the disc import use. */
declare module "dcmjs" {
  type Dataset = Record<string, unknown>;
  const dcmjs: {
    data: {
      DicomDict: new (meta: Dataset) => {
        dict: Dataset;
        write(options?: Record<string, unknown>): ArrayBuffer;
      };
      DicomMessage: {
        readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): { meta: Dataset; dict: Dataset };
      };
      DicomMetaDictionary: {
        denaturalizeDataset(dataset: Dataset): Dataset;
        naturalizeDataset(dataset: Dataset): Dataset;
      };
    };
  };
  export default dcmjs;
}
