import type { ConvertedMacroFile, ConvertedModel, JinjaContext } from './import-types.js';

/** The Jinja → Handlebars converter's two entry points (src/import/jinja/), passed in so tests can use it directly. */
export interface JinjaConverter {
  convertModelSql(text: string, context: JinjaContext): ConvertedModel;
  convertMacroFile(text: string, context: JinjaContext): ConvertedMacroFile;
}
