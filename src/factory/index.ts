/**
 * Image Factory, offline: strict schematic parsing, the factory's canonical form and IDs, installer and boot image
 * URLs (talhelper's templates and imageFactory block), and extension/overlay checks against the official catalog.
 */
export { parseSchematic, schematicId, canonicalSchematicYaml, type Schematic } from './schematic.js';
export {
  installerImage,
  imageUrl,
  diskImageFormat,
  DEFAULT_REGISTRY,
  type ImageFactoryConfig,
  type InstallerOptions,
  type ImageOptions,
} from './urls.js';
export { checkTalosImageURL } from './image-ref.js';
export { checkExtensions, catalogFor, knownExtensionNames } from './extensions.js';
export { whereInDoc, type Where, type PathPart } from './where.js';
