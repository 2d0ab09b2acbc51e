/**
 * Chart images: turn a chart file or bytes into the image catbox sends to a model server
 * (bounded decoding, EXIF orientation, white background, size budget, PNG by default).
 */
export { prepareImage, resolveImageOptions } from "./prepare-image.js";
export { readImageBytes } from "./read-image-bytes.js";
export {
  ACCEPTED_IMAGE_FORMATS,
  DEFAULT_IMAGE_OPTIONS,
  MEDIA_TYPE_OF,
  type AcceptedImageFormat,
  type PreparedImage,
  type PreparedImageFormat,
  type PreparedImageMediaType,
  type PrepareImageOptions,
} from "./types.js";
