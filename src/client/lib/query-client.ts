// The app's QueryClient: API errors are answers, not glitches, so 4xx are not retried.
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-error.ts';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (count, err) => !(err instanceof ApiError && err.body.status < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
}
