import { readFile } from 'node:fs/promises';
import { AbstractFileDataset, type FileDatasetOptions } from './abstract-file-dataset';
import { imageTypeOfPath, sniffImage } from './image-format';
import { typeOf } from './text-dataset';

/**
 * An image file (Kedro's pillow.ImageDataset, without decoding): PNG, JPEG, GIF, WebP or SVG
 * bytes. Loads a Buffer; saves a Buffer/Uint8Array/ArrayBuffer, or an SVG document as a string.
 * The bytes must be the image kind the file's extension names, so a viewer opens what it expects.
 */
export class ImageDataset extends AbstractFileDataset<Uint8Array | string> {
  constructor(options: FileDatasetOptions) {
    super(options);
  }

  protected read(path: string): Promise<Buffer> {
    return readFile(path);
  }

  protected encode(data: Uint8Array | string | ArrayBuffer): Uint8Array {
    let bytes: Uint8Array;
    if (typeof data === 'string') bytes = Buffer.from(data, 'utf8');
    else if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
    else if (ArrayBuffer.isView(data)) bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    else
      throw new Error(`ImageDataset saves image bytes (a Buffer or Uint8Array) or an SVG string, got ${typeOf(data)}`);
    const kind = sniffImage(bytes);
    if (!kind)
      throw new Error(
        `ImageDataset saves PNG, JPEG, GIF, WebP or SVG data; these ${bytes.byteLength} bytes are none of them`,
      );
    const expected = imageTypeOfPath(this.filepath);
    if (expected && expected !== kind)
      throw new Error(`the data is ${kind} but the file name ${this.filepath} says ${expected}`);
    return bytes;
  }
}
