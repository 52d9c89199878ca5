// Free text that is stored or echoed: no control characters (PostgreSQL refuses NUL in
// text, logs and HTML should never carry them), bounded length.
import { Type } from '@sinclair/typebox';

export const SafeText = (maxLength: number, minLength = 0) => Type.String({ minLength, maxLength, pattern: '^[^\\u0000-\\u001f\\u007f]*$' });
