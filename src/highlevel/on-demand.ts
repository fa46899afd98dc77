// Code an app may never use, imported the first time it is: bundlers put what a dynamic `import()` reaches in a chunk
// of its own, fetched on first use instead of with the app (README, "Bundle size"). In a browser that fetch can fail:
// the failure is a PubNubError of the operation that needed the code, and the next use imports again.
import { PubNubError, type Operation } from './errors.ts';
import { action, describeThrown } from './http-errors.ts';

export function onDemand<T>(load: () => Promise<T>): (operation: Operation) => Promise<T> {
  let loading: Promise<T> | undefined;
  return (operation) => {
    const current = (loading ??= load());
    return current.catch((thrown: unknown) => {
      if (loading === current) loading = undefined;
      const errorData = describeThrown(thrown);
      throw new PubNubError(`${action(operation)} failed: its code could not be loaded (${errorData.message})`, {
        category: 'PNNetworkIssuesCategory',
        operation,
        errorData,
      });
    });
  };
}
