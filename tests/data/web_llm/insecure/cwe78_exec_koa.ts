import Koa from 'koa';
import Router from '@koa/router';
import { exec } from 'child_process';
import { promisify } from 'util';

const execAsync = promisify(exec);
const app = new Koa();
const router = new Router();

router.get('/lookup', async (ctx) => {
  const domain = ctx.query.domain as string;
  const { stdout } = await execAsync(`nslookup ${domain}`);
  ctx.body = stdout;
});

app.use(router.routes());
app.listen(3000);
