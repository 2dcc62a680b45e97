export default definePageConfig({ navigationBarTitleText: '处置完毕' });
