import { EVENT_TYPES } from '../../libs/domain/src/catalogue';
import { startTestApp, TestApp } from '../support/test-app';

/** The OpenAPI document at /api/docs: an example for every event type and every report. */
describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('documents every event type with an example and its JSON Schema', async () => {
    const doc = (await t.http().get('/api/docs/openapi.json').expect(200)).body;
    const examples = doc.paths['/api/events'].post.requestBody.content['application/json'].examples;
    expect(Object.keys(examples).sort()).toEqual([...EVENT_TYPES].sort());
    expect(doc.components.schemas.NewEvent).toBeDefined();
  });

  it('gives every report an example answer', async () => {
    const doc = (await t.http().get('/api/docs/openapi.json').expect(200)).body;
    for (const path of ['/api/mappa/snapshot', '/api/mappa/period', '/api/mappa/reviews', '/api/iom/cohorts', '/api/iom/cohorts/{cohortId}/progress', '/api/reoffending']) {
      expect({ path, example: doc.paths[path].get.responses['200'].content['application/json'].schema.example }).toEqual({ path, example: expect.any(Object) });
    }
  });

  it('serves the documentation page', async () => {
    const page = await t.http().get('/api/docs').expect(200);
    expect(page.text).toMatch(/swagger/i);
  });
});
