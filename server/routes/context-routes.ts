import type { FastifyInstance } from 'fastify';
import { perRelease, type LiveData } from '../live-data.ts';
import { prebuildJson, sendPrebuilt } from '../prebuilt.ts';

/**
 * /api/context/healthcare-access: Eurostat's regional figures, shown beside the commune distances, and what a
 * general acute hospital is in each country's records.
 */
export async function contextRoutes(app: FastifyInstance, { live }: { live: LiveData }) {
  const body = perRelease(live, (data) =>
    prebuildJson(
      {
        id: 'healthcare-access',
        title: "Population beyond 20 minutes' drive of the nearest healthcare service",
        description:
          'Share (%) and number of inhabitants whose driving time to the nearest healthcare service is over 20 ' +
          'minutes, by NUTS 3 region and country, computed by Eurostat GISCO on its population grid and road ' +
          'network. Regional context for the commune figures, which are straight-line distances.',
        unit: '%',
        years: [2020, 2023],
        regions: data.regionalAccess,
        hospitalDefinitions: data.hospitalDefinitions,
      },
      data.buildId,
      'context-healthcare-access',
    ),
  );
  app.get(
    '/api/context/healthcare-access',
    {
      schema: {
        summary: "Eurostat's share of the population beyond 20 minutes' drive of healthcare, by NUTS 3 region",
        tags: ['Context'],
        querystring: { type: 'object', additionalProperties: false },
      },
    },
    (request, reply) => sendPrebuilt(request, reply, body()),
  );
}
