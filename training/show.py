import json,sys
for l in open(sys.argv[1]):
    r=json.loads(l); g=r['gold']
    a=' & '.join(f"{x['event']}:{';'.join(s['text']+'='+s['code']+'/'+str(s['sector']) for s in x['source'])}>{';'.join(s['text']+'='+s['code']+'/'+str(s['sector']) for s in x['target'])}" for x in g['actors'])
    print(f"{r['id'][-3:]}|{g['cameo']}|{a}|{r['text']}")
