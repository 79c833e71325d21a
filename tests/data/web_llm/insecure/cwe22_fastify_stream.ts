import Fastify from 'fastify';
import fs from 'fs';

const server = Fastify();
server.get('/files/:name', async (request: any, reply) => {
  const stream = fs.createReadStream(`./public/${request.params.name}`);
  return reply.send(stream);
});
