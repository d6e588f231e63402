export { parseSchematic, schematicId, canonicalSchematicYaml, type Schematic } from './schematic.js';
export { installerImage, imageUrl, checkTalosImageURL, type ImageFactoryConfig, type InstallerOptions, type ImageOptions } from './urls.js';
export { checkExtensions, catalogFor } from './extensions.js';
