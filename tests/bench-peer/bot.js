'use strict';
// The peer of docs/benchmarks.md: the Bot Framework JS SDK 4.23 as a team would use it for a small bot.
// CloudAdapter without auth (empty app id), MemoryStorage, an echo turn and a two-step waterfall kept in
// ConversationState. Plain node:http (no web framework) so the SDK is all that is measured.
const http = require('node:http');
const {
  CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, MemoryStorage, ActivityTypes,
} = require('botbuilder');
const { DialogSet, WaterfallDialog, Dialog, DialogTurnStatus } = require('botbuilder-dialogs');

const auth = new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '' });
const adapter = new CloudAdapter(auth);
adapter.onTurnError = async (context, error) => {
  console.error('turn error', error);
  await context.sendActivity('error');
};

const conversationState = new ConversationState(new MemoryStorage());
const dialogState = conversationState.createProperty('dialogState');
const dialogs = new DialogSet(dialogState);
dialogs.add(new WaterfallDialog('pick', [
  async (step) => {
    await step.context.sendActivity('Krok 1 z 2: jaka jest wielkosc miasta?');
    return Dialog.EndOfTurn;
  },
  async (step) => {
    await step.context.sendActivity('Krok 2 z 2: dziekuje.');
    return step.endDialog();
  },
]));

async function logic(context) {
  if (context.activity.type !== ActivityTypes.Message) {
    return;
  }
  const text = (context.activity.text || '').trim();
  if (text === 'dobierz model') {
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) {
      await dc.beginDialog('pick');
    }
    await conversationState.saveChanges(context, false);
    return;
  }
  await context.sendActivity(`echo: ${text}`);
}

// The small request/response shape CloudAdapter.process reads and writes.
function wrapResponse(res) {
  let code = 200;
  return {
    socket: res.socket,
    status(c) { code = c; return this; },
    header(name, value) { res.setHeader(name, value); return this; },
    send(body) {
      if (body === undefined) { res.statusCode = code; return; }
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.statusCode = code;
      if (!res.hasHeader('content-type')) res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('content-length', Buffer.byteLength(text));
      res.write(text);
    },
    end() { if (!res.writableEnded) { res.statusCode = code; res.end(); } return this; },
  };
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/readyz') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ready');
    return;
  }
  if (req.method !== 'POST' || req.url !== '/api/messages') {
    res.writeHead(404);
    res.end();
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400);
      res.end();
      return;
    }
    const request = { body, headers: req.headers, method: req.method };
    adapter.process(request, wrapResponse(res), logic).catch((err) => {
      console.error(err);
      if (!res.writableEnded) { res.statusCode = 500; res.end(); }
    });
  });
});
server.keepAliveTimeout = 65000;
const port = Number(process.env.PORT || 3978);
server.listen(port, '127.0.0.1', () => console.log(`LISTENING http://127.0.0.1:${port}/`));
