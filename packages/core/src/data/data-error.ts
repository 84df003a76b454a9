/**
 * A data set that cannot be trained on (empty, wrong shape, values outside the expected range, non-finite values,
 * labels out of range). A RangeError, so code that caught the earlier RangeErrors still does.
 */
export class DataError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}
