/** The one rule for a pipeline file's name, `pipelines/<name>.json`: used by the contract, the project and the editor. */
export const PIPELINE_NAME = /^[\w.-]+$/;
export const PIPELINE_NAME_RULE = "use letters, digits, '_', '-' and '.'";
